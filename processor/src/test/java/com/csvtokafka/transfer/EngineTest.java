package com.csvtokafka.transfer;

import static com.csvtokafka.transfer.MockKafka.DLQ;
import static com.csvtokafka.transfer.MockKafka.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.source.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's parts working together, against Kafka's own mocks (see {@link MockKafka}). */
class EngineTest {
    @TempDir
    Path dir;

    private final List<JobEvent> events = new ArrayList<>();
    private final JobListener listener = events::add;

    private JobConfig config(Path file, String onBadRow, int transactionRows, JobConfig.Format format, boolean failOnEmpty) {
        return TestJobs.job(file.toString(), "job-1").format(format).onBadRow(JobConfig.BadRowPolicy.parse(onBadRow))
                .transactionMaxRows(transactionRows).failOnEmpty(failOnEmpty).build();
    }

    private JobConfig config(Path file, String onBadRow, int transactionRows) {
        return config(file, onBadRow, transactionRows, JobConfig.Format.CSV, false);
    }

    private Outcome run(JobConfig config, CheckpointStore store, MockKafka kafka, StopSignal stop) throws Exception {
        try (Source source = Source.of(config.sourceUri(), null)) {
            return new TransferJob(config, source, store, kafka, stop, listener).run();
        }
    }

    private Path csv(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static List<String> values(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private <T extends JobEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void onlyEachTransactionsLastRecordIsAnAnchor() throws Exception {
        Path file = csv("a.csv", "id\n1\n2\n3\n4\n5\n");
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, "fail", 2), store, kafka, new StopSignal())).isEqualTo(Outcome.COMPLETED);
        }
        List<ProducerRecord<byte[], byte[]>> topic = kafka.committed(TOPIC);
        assertThat(values(topic)).containsExactly("1", "2", "3", "4", "5");
        List<Boolean> anchors = topic.stream().map(r -> AnchorCodec.isAnchorOf(r.headers(), "job-1")).toList();
        assertThat(anchors).containsExactly(false, true, false, true, true);
        assertThat(AnchorCodec.read(topic.get(3).headers(), 3).next().row()).isEqualTo(5);
        assertThat(events(JobEvent.Committed.class)).extracting(c -> c.at().sent()).containsExactly(2L, 4L, 5L);
        assertThat(events(JobEvent.Completed.class)).hasSize(1);
    }

    @Test
    void rowsTheBrokerRefusesAsTooLargeBecomeBadRowsAndEverythingElseIsSentOnce() throws Exception {
        String big = "x".repeat(300_000);
        Path file = csv("big.csv", "id,v\n1,a\n2," + big + "\n3,c\n4,d\n");
        MockKafka kafka = new MockKafka();
        kafka.refuseAbove = 280_000;
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, "dlq:" + DLQ, 10), store, kafka, new StopSignal())).isEqualTo(Outcome.COMPLETED);
            assertThat(store.load("job-1").orElseThrow().skipped()).isEqualTo(1);
        }
        assertThat(values(kafka.committed(TOPIC))).containsExactly("1,a", "3,c", "4,d");
        assertThat(kafka.committed(DLQ)).hasSize(1);
        assertThat(AnchorCodec.string(kafka.committed(DLQ).get(0).headers(), AnchorCodec.ERROR).orElseThrow())
                .contains("refused").contains("too large");
        assertThat(events(JobEvent.RefusedTooLarge.class)).hasSize(1);
        assertThat(events(JobEvent.BadRow.class)).extracting(JobEvent.BadRow::row).containsExactly(2L);
    }

    @Test
    void aTooLargeRowUnderFailEndsTheJobAfterCommittingTheRowsBeforeIt() throws Exception {
        Path file = csv("big.csv", "id,v\n1,a\n2," + "x".repeat(300_000) + "\n3,c\n");
        MockKafka kafka = new MockKafka();
        kafka.refuseAbove = 280_000;
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThatThrownBy(() -> run(config(file, "fail", 1), store, kafka, new StopSignal()))
                    .isInstanceOf(TransferFailedException.class).hasMessageContaining("bad row 2 at byte offset 9");
        }
        assertThat(values(kafka.committed(TOPIC))).containsExactly("1,a");
        assertThat(events(JobEvent.Failed.class)).hasSize(1);
    }

    @Test
    void anUnknownCommitOutcomeIsRetriedFromKafkasTailWithoutDuplicates() throws Exception {
        Path file = csv("a.csv", "id\n1\n2\n3\n4\n5\n6\n");
        MockKafka kafka = new MockKafka();
        AtomicInteger commits = new AtomicInteger();
        kafka.beforeCommit = () -> {
            if (commits.incrementAndGet() == 2) {
                throw new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(COMMIT)");
            }
        };
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, "fail", 2), store, kafka, new StopSignal())).isEqualTo(Outcome.COMPLETED);
        }
        assertThat(values(kafka.committed(TOPIC))).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(kafka.producers).hasSize(2);
        assertThat(events(JobEvent.Retrying.class)).hasSize(1);
        assertThat(events(JobEvent.Resumed.class)).extracting(r -> r.at().row()).containsExactly(0L, 3L);
    }

    @Test
    void aStopDuringACommitWhoseOutcomeIsUnknownExits3AndTheRerunFinishesExactlyOnce() throws Exception {
        Path file = csv("a.csv", "id\n1\n2\n3\n4\n5\n6\n");
        MockKafka kafka = new MockKafka();
        StopSignal stop = new StopSignal();
        AtomicInteger commits = new AtomicInteger();
        kafka.beforeCommit = () -> {
            if (commits.incrementAndGet() == 2) {
                stop.request("SIGTERM");
                throw new TimeoutException("Timeout expired while awaiting EndTxn(COMMIT)");
            }
        };
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, "fail", 2), store, kafka, stop)).isEqualTo(Outcome.INTERRUPTED);
            JobEvent.Stopped stopped = events(JobEvent.Stopped.class).get(0);
            assertThat(stopped.committed()).isFalse();
            assertThat(stopped.at().sent()).isEqualTo(2);
            assertThat(store.load("job-1").orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

            MockKafka again = new MockKafka(kafka.committed);
            assertThat(run(config(file, "fail", 2), store, again, new StopSignal())).isEqualTo(Outcome.COMPLETED);
            assertThat(values(again.committed(TOPIC))).containsExactly("1", "2", "3", "4", "5", "6");
        }
    }

    @Test
    void aStopBetweenRowsCommitsWhatWasSentAndExits3() throws Exception {
        Path file = csv("a.csv", "id\n1\n2\n3\n4\n");
        MockKafka kafka = new MockKafka();
        StopSignal stop = new StopSignal();
        JobListener stopAfterFirstCommit = e -> {
            if (e instanceof JobEvent.Committed) {
                stop.request("SIGTERM");
            }
        };
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"));
             Source source = Source.of(file.toString(), null)) {
            Outcome outcome = new TransferJob(config(file, "fail", 1), source, store, kafka, stop,
                    JobListener.all(List.of(listener, stopAfterFirstCommit))).run();
            assertThat(outcome).isEqualTo(Outcome.INTERRUPTED);
            assertThat(store.load("job-1").orElseThrow().status()).isEqualTo(JobStatus.INTERRUPTED);
        }
        JobEvent.Stopped stopped = events(JobEvent.Stopped.class).get(0);
        assertThat(stopped.committed()).isTrue();
        assertThat(values(kafka.committed(TOPIC))).hasSize((int) stopped.at().sent());
    }

    @Test
    void aRerunThatWouldMoveSomethingElseIsRefusedNamingTheDifference() throws Exception {
        Path file = csv("a.csv", "id\n1\n2\n");
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, "fail", 10), store, new MockKafka(), new StopSignal())).isEqualTo(Outcome.COMPLETED);
            MockKafka second = new MockKafka();
            assertThatThrownBy(() -> run(config(file, "fail", 10, JobConfig.Format.JSON, false), store, second,
                    new StopSignal()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("--format was csv, now json")
                    .hasMessageContaining("new --job-id");
            assertThat(second.producers).isEmpty();
            // a changed bad-row policy is no other job: rerunning a failed job with skip is the way past a bad row
            assertThat(run(config(file, "skip", 10), store, new MockKafka(), new StopSignal())).isEqualTo(Outcome.COMPLETED);
        }
    }

    @Test
    void anEmptyInputCompletesWithAWarningOrFailsWithFailOnEmpty() throws Exception {
        Path headerOnly = csv("h.csv", "id,name\n");
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(headerOnly, "fail", 10), store, new MockKafka(), new StopSignal())).isEqualTo(Outcome.COMPLETED);
            assertThat(events(JobEvent.EmptyInput.class)).hasSize(1);
            assertThat(events(JobEvent.Completed.class).get(0).at().lastRow()).isZero();
        }
        Path empty = csv("e.csv", "");
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck2"))) {
            assertThatThrownBy(() -> run(config(empty, "fail", 10, JobConfig.Format.CSV, true), store, new MockKafka(),
                    new StopSignal())).isInstanceOf(TransferFailedException.class).hasMessageContaining("no data rows");
        }
    }

    private JobConfig config(Path file, char delimiter, JobConfig.Format format, int transactionRows) {
        return config(file, "none", CsvDialect.of(delimiter, '"', StandardCharsets.UTF_8, true), format,
                transactionRows);
    }

    private JobConfig config(Path file, String key, CsvDialect dialect, JobConfig.Format format, int transactionRows) {
        return TestJobs.job(file.toString(), "job-1").format(format).key(JobConfig.KeyMode.parse(key)).dialect(dialect)
                .transactionMaxRows(transactionRows).build();
    }

    @Test
    void theRefusalsWayOutWorksAsPrinted_resetStartsANewGenerationThatSendsEveryRowAgainAfterTheOldOnes() throws Exception {
        Path file = csv("a.csv", "id,name\n1,a\n2,b\n3,c\n");
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, ',', JobConfig.Format.CSV, 2), store, kafka, new StopSignal()))
                    .isEqualTo(Outcome.COMPLETED);
            assertThatThrownBy(() -> run(config(file, ',', JobConfig.Format.JSON, 2), store, kafka, new StopSignal()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("--format was csv, now json")
                    .hasMessageContaining("`csv-to-kafka reset --job-id job-1`")
                    .hasMessageContaining("the 3 records it sent stay in topic " + TOPIC + ", which will then hold "
                            + "both the earlier and the new rows");

            long generation = store.reset("job-1");
            assertThat(run(config(file, ',', JobConfig.Format.JSON, 2), store, kafka, new StopSignal()))
                    .isEqualTo(Outcome.COMPLETED);
            List<ProducerRecord<byte[], byte[]>> topic = kafka.committed(TOPIC);
            assertThat(values(topic)).containsExactly("1,a", "2,b", "3,c",
                    "{\"id\":\"1\",\"name\":\"a\"}", "{\"id\":\"2\",\"name\":\"b\"}",
                    "{\"id\":\"3\",\"name\":\"c\"}");
            assertThat(AnchorCodec.read(topic.get(5).headers(), 5).generation()).isEqualTo(generation);
            assertThat(store.load("job-1").orElseThrow().totalSent()).isEqualTo(3);

            assertThat(run(config(file, ',', JobConfig.Format.JSON, 2), store, kafka, new StopSignal()))
                    .as("the new generation is done").isEqualTo(Outcome.COMPLETED);
            assertThat(kafka.committed(TOPIC)).hasSize(6);
        }
    }

    @Test
    void aResetJobInterruptedResumesWithinItsOwnGenerationNotTheOlderOne() throws Exception {
        Path file = csv("a.csv", "id\n1\n2\n3\n4\n5\n6\n");
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, ',', JobConfig.Format.CSV, 2), store, kafka, new StopSignal()))
                    .isEqualTo(Outcome.COMPLETED);
            store.reset("job-1");
            AtomicInteger commits = new AtomicInteger();
            StopSignal stop = new StopSignal();
            kafka.beforeCommit = () -> {
                if (commits.incrementAndGet() == 2) {
                    stop.request("SIGTERM");
                }
            };
            assertThat(run(config(file, ',', JobConfig.Format.CSV, 2), store, kafka, stop)).isEqualTo(Outcome.INTERRUPTED);
            kafka.beforeCommit = () -> { };
            assertThat(run(config(file, ',', JobConfig.Format.CSV, 2), store, kafka, new StopSignal()))
                    .isEqualTo(Outcome.COMPLETED);
        }
        assertThat(values(kafka.committed(TOPIC))).containsExactly("1", "2", "3", "4", "5", "6",
                "1", "2", "3", "4", "5", "6");
    }

    @Test
    void aJobThatHandledNoRowMayChangeItsDialectButOneThatSentRowsIsToldTheDifferenceReadably() throws Exception {
        Path bad = csv("bad.csv", "id,name\n1\n");
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThatThrownBy(() -> run(config(bad, ',', JobConfig.Format.CSV, 2), store, kafka, new StopSignal()))
                    .isInstanceOf(TransferFailedException.class);
            assertThat(store.load("job-1").orElseThrow().totalSent()).isZero();
            assertThat(run(config(bad, ';', JobConfig.Format.CSV, 2), store, kafka, new StopSignal()))
                    .as("nothing was sent: the dialect may still change").isEqualTo(Outcome.COMPLETED);
            assertThat(values(kafka.committed(TOPIC))).containsExactly("1");
            assertThatThrownBy(() -> run(config(bad, '\t', JobConfig.Format.CSV, 2), store, kafka, new StopSignal()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("--delimiter was ';', now tab");
        }
    }

    @Test
    void aMissingKeyColumnIsRefusedBeforeAnyKafkaCheckOrLeaseNamingTheCloseName() throws Exception {
        Path file = csv("k.csv", "id,name\n1,a\n");
        JobConfig keyed = config(file, "column:Id", CsvDialect.of(',', '"', StandardCharsets.UTF_8, true),
                JobConfig.Format.CSV, 2);
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThatThrownBy(() -> run(keyed, store, kafka, new StopSignal()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("--key column:Id: no such column in the header [id, name]")
                    .hasMessageContaining("did you mean --key column:id?");
            assertThat(kafka.admins).as("no Kafka check was made").isZero();
            assertThat(store.leaseInfo("job-1")).as("no lease was taken").isEmpty();
        }
    }

    @Test
    void latin1TextReadAsUtf8SuggestsWindows1252WhichMayThenBeGivenWithoutAResetAsNothingWasSent() throws Exception {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "id,city\n1,Z\u00fcrich\n2,Berlin\n".getBytes(StandardCharsets.ISO_8859_1));
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThatThrownBy(() -> run(config(file, ',', JobConfig.Format.JSON, 2), store, kafka, new StopSignal()))
                    .isInstanceOf(TransferFailedException.class)
                    .hasMessageContaining("invalid UTF-8 byte sequence at byte offset 11")
                    .hasMessageContaining("pass --encoding windows-1252");
            assertThat(kafka.committed(TOPIC)).isEmpty();

            JobConfig cp1252 = config(file, "none", CsvDialect.of(',', '"',
                    java.nio.charset.Charset.forName("windows-1252"), true), JobConfig.Format.JSON, 2);
            assertThat(run(cp1252, store, kafka, new StopSignal())).isEqualTo(Outcome.COMPLETED);
        }
        assertThat(values(kafka.committed(TOPIC))).containsExactly("{\"id\":\"1\",\"city\":\"Z\u00fcrich\"}",
                "{\"id\":\"2\",\"city\":\"Berlin\"}");
    }
}
