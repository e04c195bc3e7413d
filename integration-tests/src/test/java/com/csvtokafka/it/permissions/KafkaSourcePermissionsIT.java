package com.csvtokafka.it.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.infra.config.KafkaSource;
import com.csvtokafka.localstack.LocalKafka;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The roles of a deployment that copies a Kafka topic (a context with {@code sourceTopic}, such as
 * infra/contexts/kafka-follow.json) may read the source MSK cluster as the copy does, and no more there. The calls are
 * {@link KafkaSourceCalls}' table, not a recording of the processor; the table is held against what a real
 * consumer reading the way the source reads (assign(), no group, read_committed, through committed and aborted
 * transactions) made a broker authorize, and each of its calls is evaluated by moto against the role every compute
 * stack gives the processor. The reverse holds too: every action granted on the source cluster is in the table.
 * The writing side of such a job (checkpoints, the target topic, transactional ids) is granted by the same
 * statements as a file job's, which DeployPermissionsIT proves with real runs.
 */
class KafkaSourcePermissionsIT {
    private static final int PARTITIONS = 3;
    private static final int COMMITTED_PER_PARTITION = 4;

    static List<String> contexts() throws IOException {
        return DeployContexts.kafkaSources();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contexts")
    void theSourceReadsAreAllowedAndAreAllThatIsGrantedOnTheSourceCluster(String context, @TempDir Path dir)
            throws Exception {
        SynthesizedApp app = SynthesizedApp.synthesize(DeployContexts.REPOSITORY, DeployContexts.values(context));
        KafkaSource source = app.config().job().kafkaSource().orElseThrow();
        String clusterArn = source.mskClusterArn().orElseThrow(() -> new AssertionError(
                "context " + context + " names no sourceMskClusterArn: nothing of IAM to check"));
        MskActions msk = new MskActions(clusterArn);
        List<AwsCall> table = KafkaSourceCalls.of(msk, source.topic());

        List<AwsCall> recorded = readAsTheSourceDoes(dir, msk, source.topic());
        assertThat(recorded).as("what the broker authorized for a read_committed consumer of assigned partitions")
                .anyMatch(call -> call.action().equals("kafka-cluster:ReadData"));
        assertThat(recorded).extracting(KafkaSourcePermissionsIT::grantKey)
                .as("the table covers every recorded authorization")
                .isSubsetOf(table.stream().map(KafkaSourcePermissionsIT::grantKey).toList());

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> compute : DeployPermissionsIT.PROCESSOR_ROLES.entrySet()) {
            SynthesizedApp.RolePolicies role = app.role(compute.getKey(), compute.getValue());
            problems.addAll(PolicyEngine.notAllowed(context, role, table));
            Set<String> needed = new TreeSet<>(table.stream().map(KafkaSourcePermissionsIT::grantKey).toList());
            grantedOnCluster(role, clusterArn).stream().filter(grant -> !needed.contains(grant)).forEach(grant ->
                    problems.add("context " + context + ", " + role.stack() + " role " + role.role() + ": " + grant
                            + " is granted on the source cluster but the copy never needs it"));
        }
        assertThat(problems).as("context %s: %s", context, table).isEmpty();
    }

    /** {@code action on resource}: what a grant and a call are compared by. */
    private static String grantKey(AwsCall call) {
        return call.action() + " on " + call.resource();
    }

    /** Every (action, resource) the role's statements name on the source cluster's ARNs. */
    @SuppressWarnings("unchecked")
    private static Set<String> grantedOnCluster(SynthesizedApp.RolePolicies role, String clusterArn) {
        String clusterPath = clusterArn.substring(clusterArn.indexOf(":cluster/") + ":cluster/".length());
        Set<String> grants = new TreeSet<>();
        for (Map<String, Object> document : role.documents()) {
            for (Map<String, Object> statement : (List<Map<String, Object>>) document.get("Statement")) {
                for (String resource : strings(statement.get("Resource"))) {
                    if (resource.startsWith("arn:aws:kafka:") && resource.contains("/" + clusterPath)) {
                        strings(statement.get("Action")).forEach(action -> grants.add(action + " on " + resource));
                    }
                }
            }
        }
        return grants;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value instanceof String single ? List.of(single) : (List<String>) value;
    }

    /**
     * A source topic with committed and aborted transactions on a broker that logs its authorizations, read from the
     * log start to the end offsets with partitions assigned and no group, as the copy's source reads it: the MSK
     * calls behind what the broker authorized for that read.
     */
    private static List<AwsCall> readAsTheSourceDoes(Path dir, MskActions msk, String topic) throws Exception {
        try (LocalKafka kafka = LocalKafka.startAuditingAuthorizations(dir)) {
            kafka.createTopic(topic, PARTITIONS);
            writeWithAnAbortedTransaction(kafka.bootstrapServers(), topic);
            Path log = LocalKafka.authorizationLog(dir);
            long mark = RecordedCalls.mark(log);
            assertThat(readAll(kafka.bootstrapServers(), topic)).as("committed records read")
                    .isEqualTo(PARTITIONS * COMMITTED_PER_PARTITION);
            return RecordedCalls.kafkaAuthorizations(log, mark, msk, "a read_committed consumer of " + topic);
        }
    }

    private static void writeWithAnAbortedTransaction(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "source-writer");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            producer.initTransactions();
            for (boolean commit : new boolean[] {true, false}) {
                producer.beginTransaction();
                for (int partition = 0; partition < PARTITIONS; partition++) {
                    for (int i = 0; i < COMMITTED_PER_PARTITION; i++) {
                        producer.send(new ProducerRecord<>(topic, partition, "k" + i, commit ? "kept" : "aborted"));
                    }
                }
                if (commit) {
                    producer.commitTransaction();
                } else {
                    producer.abortTransaction();
                }
            }
        }
    }

    private static int readAll(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.beginningOffsets(partitions).forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            int records = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                assertThat(System.nanoTime()).as("reading up to the end offsets %s", end).isLessThan(deadline);
                records += consumer.poll(Duration.ofMillis(200)).count();
            }
            return records;
        }
    }
}
