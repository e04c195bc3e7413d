package com.csvtokafka.localstack;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Asks a running Kafka whether it is usable: brokers registered, transactions possible, topics led. */
final class KafkaProbe implements AutoCloseable {

    private static final int CALL_TIMEOUT_MS = 5_000;
    /** The transaction coordinator is ready once a producer can register a transactional id. */
    private static final String READINESS_TRANSACTIONAL_ID = "local-stack-readiness";

    private final String bootstrapServers;
    private final Admin admin;

    KafkaProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    }

    /** One quick look, for {@code bin/local-stack status}. */
    static boolean isHealthy(String bootstrapServers) {
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers)) {
            return !probe.registeredBrokers().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    Set<Integer> registeredBrokers() throws ExecutionException, InterruptedException, TimeoutException {
        return admin.describeCluster().nodes().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).stream()
                .map(Node::id)
                .collect(Collectors.toSet());
    }

    boolean brokersRegistered(Collection<Integer> ids) throws Exception {
        return registeredBrokers().containsAll(ids);
    }

    /**
     * True once {@code initTransactions()} succeeds: it needs the transaction state topic created and its
     * coordinator loaded, which a broker that merely answers metadata requests may not have yet.
     */
    boolean transactionsReady() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, READINESS_TRANSACTIONAL_ID,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, CALL_TIMEOUT_MS * 2);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            return true;
        } catch (org.apache.kafka.common.errors.TimeoutException notYet) {
            return false;
        }
    }

    void createTopic(String name, int partitions, short replicationFactor) throws Exception {
        admin.createTopics(Set.of(new NewTopic(name, partitions, replicationFactor))).all()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * True once every partition of {@code topic} has a leader that serves it. The leader's metadata names a new
     * partition a moment before its replica manager has created the log; a produce request in that moment fails
     * and is retried, and an idempotent producer's retried first batch can then arrive after its second one was
     * appended: the broker refuses it as out of sequence until it expires, and those records are lost (seen with
     * Kafka 4.1 in tests that fill a topic right after creating it). Tests would rather not race: a partition
     * serves once the leader answers a ListOffsets request for it.
     */
    boolean partitionsReady(String topic) throws Exception {
        TopicDescription description;
        try {
            description = admin.describeTopics(Set.of(topic)).allTopicNames()
                    .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            // just created: the broker answering may not have the topic in its metadata yet
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        if (!description.partitions().stream().allMatch(partition -> partition.leader() != null)) {
            return false;
        }
        Map<TopicPartition, OffsetSpec> ends = description.partitions().stream().collect(Collectors.toMap(
                partition -> new TopicPartition(topic, partition.partition()), partition -> OffsetSpec.latest()));
        try {
            admin.listOffsets(ends).all().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            if (e instanceof TimeoutException || e.getCause() instanceof RetriableException) {
                return false; // not served yet (the admin client retried until its timeout)
            }
            throw e;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
