package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.checkpoint.Lease;
import com.csvtokafka.checkpoint.LeaseHeldException;
import com.csvtokafka.checkpoint.LeaseLostException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.source.Source;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash between the final commit and the final checkpoint write, when the file ends in bad rows handled after
 * its last good row: the rerun must not skip or dead-letter them again. The bad rows' dead letters are committed
 * in the last good record's transaction, so that record's anchor must resume past them.
 */
class TransferJobBadTailTest {
    private static final String TOPIC = "rows";
    private static final String DLQ = "dead";

    @TempDir
    Path dir;

    @Test
    void deadLettersAfterTheLastGoodRowInItsTransactionAreNotSentAgainAfterACrashBeforeTheFinalCheckpoint()
            throws Exception {
        // transactions of 2 rows: {1, 2} {3, bad 4, bad 5}
        assertRerunSendsNothing("id,name\n1,a\n2,b\n3,c\nbad-4\nbad-5\n", 3, 2);
    }

    @Test
    void deadLettersAloneAfterAFullTransactionAreNotSentAgainAfterACrashBeforeTheFinalCheckpoint() throws Exception {
        // transactions of 2 rows: {1, 2} full, then only bad rows 3 and 4 before the end of the file
        assertRerunSendsNothing("id,name\n1,a\n2,b\nbad-3\nbad-4\n", 2, 2);
    }

    @Test
    void badRowsBetweenTransactionsAreHandledOnceAndRowsNumberedRightAfterAResume() throws Exception {
        // a crash (final checkpoint lost) after {1, 2, bad 3} {4, bad 5}: every row once, numbers intact
        assertRerunSendsNothing("id,name\n1,a\n2,b\nbad-3\n4,d\nbad-5\n", 3, 2);
    }

    private void assertRerunSendsNothing(String csv, int good, int bad) throws Exception {
        Path file = Files.writeString(dir.resolve("data.csv"), csv, StandardCharsets.UTF_8);
        JobConfig config = new JobConfig(file.toString(), TOPIC, "job-1", 0, JobConfig.Format.CSV,
                JobConfig.KeyMode.parse("none"), JobConfig.HeadersMode.ROW, CsvDialect.of(',', '"', StandardCharsets.UTF_8, true),
                JobConfig.BadRowPolicy.parse("dlq:" + DLQ), false, 2, Duration.ofMinutes(1), Duration.ofSeconds(60),
                Duration.ZERO, Duration.ofMinutes(10), 1 << 20, 0);
        CrashBeforeFinalCheckpoint store = new CrashBeforeFinalCheckpoint(new DirectoryCheckpointStore(dir.resolve("ck")));

        FakeKafka first = new FakeKafka(List.of());
        try (Source source = Source.of(file.toString(), null)) {
            assertThat(new TransferJob(config, source, store, first, new StopSignal()).run()).isEqualTo(Outcome.COMPLETED);
        }
        List<ProducerRecord<byte[], byte[]>> committed = first.producer.history();
        assertThat(committed.stream().filter(r -> r.topic().equals(TOPIC))).hasSize(good);
        assertThat(committed.stream().filter(r -> r.topic().equals(DLQ))).hasSize(bad);
        assertThat(store.load("job-1").map(Checkpoint::status)).as("the final checkpoint write was lost")
                .isNotEqualTo(Optional.of(JobStatus.COMPLETED));

        // the rerun reads Kafka's committed tail (the main topic) and must find nothing left to do
        List<ProducerRecord<byte[], byte[]>> mainTopic = committed.stream().filter(r -> r.topic().equals(TOPIC)).toList();
        FakeKafka second = new FakeKafka(mainTopic);
        store.crash = false;
        try (Source source = Source.of(file.toString(), null)) {
            assertThat(new TransferJob(config, source, store, second, new StopSignal()).run()).isEqualTo(Outcome.COMPLETED);
        }
        assertThat(second.producer.history()).as("the rerun sent nothing again, to the topic nor the dead-letter topic")
                .isEmpty();
        Checkpoint done = store.load("job-1").orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.totalSent()).isEqualTo(good);
        assertThat(done.skipped()).as("bad rows counted once").isEqualTo(bad);
        assertThat(done.lastLine()).isEqualTo(good + bad);
    }

    /** A checkpoint store that loses the COMPLETED write, as a kill -9 right after the final commit does. */
    private static final class CrashBeforeFinalCheckpoint implements CheckpointStore {
        private final CheckpointStore delegate;
        boolean crash = true;

        CrashBeforeFinalCheckpoint(CheckpointStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Lease acquire(String jobId, Duration ttl) throws LeaseHeldException, IOException {
            return delegate.acquire(jobId, ttl);
        }

        @Override
        public Optional<Checkpoint> load(String jobId) throws IOException {
            return delegate.load(jobId);
        }

        @Override
        public void save(Lease lease, Checkpoint checkpoint, Duration ttl) throws LeaseLostException, IOException {
            if (crash && checkpoint.status() == JobStatus.COMPLETED) {
                return;
            }
            delegate.save(lease, checkpoint, ttl);
        }

        @Override
        public void renew(Lease lease, Duration ttl) throws LeaseLostException, IOException {
            delegate.renew(lease, ttl);
        }

        @Override
        public void release(Lease lease) throws IOException {
            delegate.release(lease);
        }

        @Override
        public boolean delete(String jobId) throws LeaseHeldException, IOException {
            return delegate.delete(jobId);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        @Override
        public Optional<LeaseInfo> leaseInfo(String jobId) throws IOException {
            return delegate.leaseInfo(jobId);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** MockProducer for the job; a MockConsumer holding what a read_committed reader sees in the main topic. */
    private static final class FakeKafka implements KafkaClients {
        final MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        private final List<ProducerRecord<byte[], byte[]>> topic;

        FakeKafka(List<ProducerRecord<byte[], byte[]>> topic) {
            this.topic = new ArrayList<>(topic);
        }

        @Override
        public Producer<byte[], byte[]> producer(String jobId, int topicMaxMessageBytes, int maxRequestSize) {
            return producer;
        }

        @Override
        public Consumer<byte[], byte[]> consumer(String clientId) {
            MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.updateBeginningOffsets(Map.of(tp, 0L));
            consumer.updateEndOffsets(Map.of(tp, (long) topic.size()));
            for (int i = 0; i < topic.size(); i++) {
                ProducerRecord<byte[], byte[]> r = topic.get(i);
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, 0L, TimestampType.CREATE_TIME, 0, r.value().length,
                        r.key(), r.value(), r.headers(), Optional.empty()));
            }
            return consumer;
        }

        @Override
        public Admin admin() {
            Node node = new Node(0, "localhost", 9092);
            TopicDescription one = new TopicDescription(TOPIC, false,
                    List.of(new TopicPartitionInfo(0, node, List.of(node), List.of(node))));
            return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "describeTopics" -> {
                            String name = ((java.util.Collection<?>) args[0]).iterator().next().toString();
                            yield new DescribeTopicsResult(null, Map.of(name, KafkaFuture.completedFuture(
                                    new TopicDescription(name, false, one.partitions())))) {
                            };
                        }
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @Override
        public String bootstrapServers() {
            return "mock:9092";
        }
    }
}
