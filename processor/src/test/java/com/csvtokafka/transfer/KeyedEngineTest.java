package com.csvtokafka.transfer;

import static com.csvtokafka.transfer.MockKafka.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.source.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyed mode's lanes against Kafka's own mocks (see {@link MockKafka}): where rows go, what a failed or fenced lane
 * leaves behind, and that the checkpoint's mark never runs ahead of what is committed.
 */
class KeyedEngineTest {
    private static final int PARTITIONS = 6;

    @TempDir
    Path dir;

    private final List<JobEvent> events = new CopyOnWriteArrayList<>();

    private JobConfig config(Path file, int lanes, int transactionRows) {
        return TestJobs.job(file.toString(), "keyed-1").key(JobConfig.KeyMode.parse("column:customer"))
                .transactionMaxRows(transactionRows).partitions(PartitionList.parse("all")).lanes(lanes).build();
    }

    private Outcome run(JobConfig config, CheckpointStore store, MockKafka kafka, JobListener listener)
            throws Exception {
        try (Source source = Source.of(config.sourceUri(), null)) {
            return new TransferJob(config, source, store, kafka, new StopSignal(), listener).run();
        }
    }

    /** Rows {@code id,customer} over 40 customers; returns them in file order. */
    private List<String> write(Path file, int count) throws Exception {
        Random random = new Random(9);
        List<String> rows = new ArrayList<>();
        StringBuilder text = new StringBuilder("id,customer\n");
        for (int i = 1; i <= count; i++) {
            String row = i + ",c" + random.nextInt(40);
            rows.add(row);
            text.append(row).append('\n');
        }
        Files.writeString(file, text);
        return rows;
    }

    private static MockKafka kafka() {
        MockKafka kafka = new MockKafka();
        kafka.partitions = PARTITIONS;
        return kafka;
    }

    /** Each partition holds exactly the rows Kafka's own partitioner puts there, once each, in file order. */
    private static void assertEveryKeyInOrder(MockKafka kafka, List<String> rows) {
        for (int p = 0; p < PARTITIONS; p++) {
            List<String> expected = new ArrayList<>();
            for (String row : rows) {
                byte[] key = row.split(",")[1].getBytes(StandardCharsets.UTF_8);
                if (BuiltInPartitioner.partitionForKey(key, PARTITIONS) == p) {
                    expected.add(row);
                }
            }
            List<String> values = kafka.committed(p).stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .toList();
            assertThat(values).as("partition %d", p).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void afterAResetEveryLaneStartsOverAndEachPartitionHoldsItsRowsTwiceInFileOrder() throws Exception {
        Path file = dir.resolve("a.csv");
        List<String> rows = write(file, 600);
        MockKafka kafka = kafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, 3, 97), store, kafka, events::add)).isEqualTo(Outcome.COMPLETED);
            store.reset("keyed-1");
            assertThat(run(config(file, 3, 97), store, kafka, events::add)).isEqualTo(Outcome.COMPLETED);
            assertThat(store.load("keyed-1").orElseThrow().totalSent()).as("the new generation's count").isEqualTo(600);
            assertThat(run(config(file, 3, 97), store, kafka, events::add)).isEqualTo(Outcome.COMPLETED);
        }
        List<String> twice = new ArrayList<>(rows);
        twice.addAll(rows);
        assertEveryKeyInOrder(kafka, twice);
    }

    @Test
    void aColumnKeyWithoutPartitionsOnAManyPartitionTopicIsToldOnceThatEveryRowGoesToOnePartition() throws Exception {
        Path file = dir.resolve("rows.csv");
        List<String> rows = write(file, 50);
        JobConfig onePartition = TestJobs.job(file.toString(), "one-1")
                .key(JobConfig.KeyMode.parse("column:customer")).transactionMaxRows(10).build();
        MockKafka kafka = kafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(onePartition, store, kafka, events::add)).isEqualTo(Outcome.COMPLETED);
        }
        assertThat(events).filteredOn(JobEvent.OnePartition.class::isInstance)
                .containsExactly(new JobEvent.OnePartition(TOPIC, 0, PARTITIONS, "column:customer"));
        assertThat(kafka.committed(TOPIC, 0)).hasSize(rows.size());

        events.clear();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck2"))) {
            assertThat(run(config(file, 2, 10), store, kafka(), events::add)).isEqualTo(Outcome.COMPLETED);
        }
        assertThat(events).as("keyed: spread by key, nothing to tell").noneMatch(JobEvent.OnePartition.class::isInstance)
                .isNotEmpty();

        events.clear();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck3"))) {
            JobConfig given = onePartition.toBuilder().jobId("one-3").partitionGiven(true).build();
            assertThat(run(given, store, kafka(), events::add)).isEqualTo(Outcome.COMPLETED);
        }
        assertThat(events).as("--partition given: the user chose it, nothing to tell")
                .noneMatch(JobEvent.OnePartition.class::isInstance).isNotEmpty();
    }

    @Test
    void threeLanesSendEveryRowOnceToItsKeysPartitionInFileOrder() throws Exception {
        Path file = dir.resolve("a.csv");
        List<String> rows = write(file, 3000);
        MockKafka kafka = kafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, 3, 97), store, kafka, events::add)).isEqualTo(Outcome.COMPLETED);
            assertThat(store.load("keyed-1").orElseThrow().totalSent()).isEqualTo(3000);
        }
        assertEveryKeyInOrder(kafka, rows);
        assertThat(kafka.producerIds).containsExactly("keyed-1/lane-0", "keyed-1/lane-1", "keyed-1/lane-2");
        for (int p = 0; p < PARTITIONS; p++) {
            List<ProducerRecord<byte[], byte[]>> tail = kafka.committed(p);
            assertThat(AnchorCodec.isAnchorOf(tail.get(tail.size() - 1).headers(), "keyed-1"))
                    .as("partition %d ends with an anchor", p).isTrue();
        }
    }

    @Test
    void aLaneWhoseCommitOutcomeIsUnknownIsRetriedAndTheMarkIsNeverAheadOfKafka() throws Exception {
        Path file = dir.resolve("b.csv");
        List<String> rows = write(file, 4000);
        MockKafka kafka = kafka();
        AtomicInteger laneOneCommits = new AtomicInteger();
        kafka.beforeCommit = () -> {
            if (Thread.currentThread().getName().equals("csv-to-kafka-lane-1") && laneOneCommits.incrementAndGet() == 4) {
                throw new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(COMMIT)");
            }
        };
        List<String> ahead = new CopyOnWriteArrayList<>();
        JobListener listener = e -> {
            events.add(e);
            if (e instanceof JobEvent.CheckpointSaved saved) {
                long committed = kafka.committed(TOPIC).size();
                if (saved.at().sent() > committed) {
                    ahead.add("checkpoint says " + saved.at().sent() + " sent, Kafka holds " + committed);
                }
            }
        };
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, 3, 53), store, kafka, listener)).isEqualTo(Outcome.COMPLETED);
        }
        assertThat(events.stream().filter(JobEvent.Retrying.class::isInstance)).hasSize(1);
        assertThat(ahead).isEmpty();
        assertEveryKeyInOrder(kafka, rows);
    }

    @Test
    void aFencedLaneStopsTheJobAndTheNextRunFinishesItExactly() throws Exception {
        Path file = dir.resolve("c.csv");
        List<String> rows = write(file, 4000);
        MockKafka kafka = kafka();
        AtomicInteger laneTwoCommits = new AtomicInteger();
        kafka.beforeCommit = () -> {
            if (Thread.currentThread().getName().equals("csv-to-kafka-lane-2") && laneTwoCommits.incrementAndGet() == 3) {
                throw new ProducerFencedException("There is a newer producer with the same transactionalId");
            }
        };
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThatThrownBy(() -> run(config(file, 3, 61), store, kafka, events::add))
                    .isInstanceOf(TransferFailedException.class).hasMessageContaining("fenced");
            long committed = kafka.committed(TOPIC).size();
            assertThat(committed).as("some rows were committed before the fencing").isPositive().isLessThan(4000);
            assertThat(store.load("keyed-1").map(c -> c.totalSent()).orElse(0L)).isLessThanOrEqualTo(committed);
            kafka.beforeCommit = () -> { };
            assertThat(run(config(file, 3, 61), store, kafka, events::add)).isEqualTo(Outcome.COMPLETED);
        }
        assertEveryKeyInOrder(kafka, rows);
    }

    @Test
    void anotherLaneCountIsRefusedAndWithoutLanesTheJobKeepsItsOwn() throws Exception {
        Path file = dir.resolve("d.csv");
        write(file, 500);
        MockKafka kafka = kafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, 2, 50), store, kafka, events::add)).isEqualTo(Outcome.COMPLETED);
            assertThatThrownBy(() -> run(config(file, 3, 50), store, kafka, events::add))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("--lanes was 2, now 3");
            events.clear();
            assertThat(run(config(file, 0, 50), store, kafka, events::add)).isEqualTo(Outcome.COMPLETED);
            assertThat(events.stream().filter(JobEvent.Completed.class::isInstance)
                    .map(e -> ((JobEvent.Completed) e).alreadyDone())).containsExactly(true);
        }
    }
}
