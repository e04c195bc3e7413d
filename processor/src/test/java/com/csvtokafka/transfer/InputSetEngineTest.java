package com.csvtokafka.transfer;

import static com.csvtokafka.transfer.MockKafka.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;
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

/** Jobs that move a directory of files, in name order, each file's rows numbered within it. */
class InputSetEngineTest {
    @TempDir
    Path dir;

    private final List<JobEvent> events = new ArrayList<>();

    private JobConfig config(Path set, int transactionRows, boolean allowHeaderMismatch) {
        return TestJobs.job(set + "/", "set-1").transactionMaxRows(transactionRows)
                .allowHeaderMismatch(allowHeaderMismatch).build();
    }

    private Outcome run(JobConfig config, CheckpointStore store, MockKafka kafka, StopSignal stop) throws Exception {
        try (Source source = Source.of(config.sourceUri(), null, null, null)) {
            return new TransferJob(config, source, store, kafka, stop, events::add).run();
        }
    }

    private Path parts(String... texts) throws Exception {
        Path set = Files.createDirectories(dir.resolve("parts"));
        for (int i = 0; i < texts.length; i++) {
            Files.writeString(set.resolve(String.format("part-%05d.csv", i)), texts[i], StandardCharsets.UTF_8);
        }
        Files.writeString(set.resolve("_SUCCESS"), "");
        return set;
    }

    private static List<String> values(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private <T extends JobEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void everyFileInNameOrderEachRowNumberedWithinItsFileEmptyFilesSkipped() throws Exception {
        Path set = parts("id\n1\n2\n", "", "id\n", "id\n3\n4\n5\n");
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(set, 2, false), store, kafka, new StopSignal())).isEqualTo(Outcome.COMPLETED);
            assertThat(store.loadInputs("set-1")).isPresent();
            assertThat(store.load("set-1").orElseThrow().sourceVersion()).startsWith("set=").endsWith(";files=4");
        }
        List<ProducerRecord<byte[], byte[]>> topic = kafka.committed(TOPIC);
        assertThat(values(topic)).containsExactly("1", "2", "3", "4", "5");
        assertThat(topic).extracting(r -> AnchorCodec.row(r.headers()).orElseThrow()).containsExactly(1L, 2L, 1L, 2L, 3L);
        assertThat(events(JobEvent.EmptyInput.class)).extracting(JobEvent.EmptyInput::source)
                .containsExactly(set.resolve("part-00001.csv").toUri().toString(), set.resolve("part-00002.csv").toUri().toString());
        ProducerRecord<byte[], byte[]> last = topic.get(topic.size() - 1);
        assertThat(AnchorCodec.string(last.headers(), AnchorCodec.SOURCE)).contains(set.resolve("part-00003.csv").toUri().toString());
        assertThat(events(JobEvent.InputsPinned.class).get(0).files()).isEqualTo(4);
    }

    @Test
    void aResumeGoesStraightToTheFileAndRowKafkaHoldsAndFilesAddedLaterAreNotPartOfTheJob() throws Exception {
        Path set = parts("id\n1\n2\n3\n", "id\n4\n5\n6\n", "id\n7\n8\n");
        MockKafka kafka = new MockKafka();
        StopSignal stop = new StopSignal();
        AtomicInteger commits = new AtomicInteger();
        kafka.beforeCommit = () -> {
            if (commits.incrementAndGet() == 3) { // {1,2} {3,4} then the third commit's outcome is unknown
                stop.request("SIGTERM");
                throw new TimeoutException("EndTxn timed out");
            }
        };
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(set, 2, false), store, kafka, stop)).isEqualTo(Outcome.INTERRUPTED);
            assertThat(values(kafka.committed(TOPIC))).containsExactly("1", "2", "3", "4");
            Files.writeString(set.resolve("part-00009.csv"), "id\n99\n"); // added after the job started
            events.clear();
            MockKafka again = new MockKafka(kafka.committed);
            assertThat(run(config(set, 2, false), store, again, new StopSignal())).isEqualTo(Outcome.COMPLETED);
            assertThat(values(again.committed(TOPIC))).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        }
        JobEvent.Resumed resumed = events(JobEvent.Resumed.class).get(0);
        assertThat(resumed.at().input()).isEqualTo(1);
        assertThat(resumed.at().row()).isEqualTo(2);
        assertThat(events(JobEvent.InputOpened.class)).extracting(JobEvent.InputOpened::input).containsExactly(1, 2);
        assertThat(events(JobEvent.InputsPinned.class).get(0).notInJob()).isEqualTo(1);
    }

    @Test
    void aRowTheBrokerRefusedInOneFileDoesNotMakeTheRowAtTheSameOffsetOfAnotherFileBad() throws Exception {
        Path set = parts("id,v\n1," + "x".repeat(300_000) + "\n2,a\n", "id,v\n3,b\n4,c\n");
        MockKafka kafka = new MockKafka();
        kafka.refuseAbove = 280_000;
        JobConfig skip = TestJobs.job(set + "/", "set-1").onBadRow(JobConfig.BadRowPolicy.parse("skip"))
                .transactionMaxRows(10).build();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(skip, store, kafka, new StopSignal())).isEqualTo(Outcome.COMPLETED);
        }
        // row 1 of the first file and row 1 of the second both start at byte 5
        assertThat(values(kafka.committed(TOPIC))).containsExactly("2,a", "3,b", "4,c");
        assertThat(events(JobEvent.BadRow.class)).extracting(JobEvent.BadRow::row).containsExactly(1L);
    }

    @Test
    void aFileWhoseHeaderDiffersFailsTheJobNamingItUnlessAllowed() throws Exception {
        Path set = parts("id,name\n1,a\n", "id,nom\n2,b\n");
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThatThrownBy(() -> run(config(set, 10, false), store, kafka, new StopSignal()))
                    .isInstanceOf(TransferFailedException.class).hasMessageContaining("file 2 of 2")
                    .hasMessageContaining("part-00001.csv").hasMessageContaining("--header-mismatch allow");
            assertThat(values(kafka.committed(TOPIC))).containsExactly("1,a");
        }
        MockKafka allowed = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck2"))) {
            assertThat(run(config(set, 10, true), store, allowed, new StopSignal())).isEqualTo(Outcome.COMPLETED);
        }
        assertThat(values(allowed.committed(TOPIC))).containsExactly("1,a", "2,b");
    }

    @Test
    void aReadmeBesideThePartsIsNamedAndTheIncludeItSuggestsMovesOnlyTheParts() throws Exception {
        Path set = parts("id,name\n1,a\n", "id,name\n2,b\n");
        Files.writeString(set.resolve("README.txt"), "Orders export\nOne file a day\n");
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThatThrownBy(() -> run(config(set, 10, false), store, kafka, new StopSignal()))
                    .isInstanceOf(TransferFailedException.class)
                    .hasMessageContaining("README.txt is not named like the other files (*.csv): run with "
                            + "--include '*.csv' to move only those, with a new --job-id or after `csv-to-kafka reset "
                            + "--job-id set-1`")
                    .hasMessageContaining("--header-mismatch allow");
        }
        JobConfig included = TestJobs.job(set + "/", "set-2").transactionMaxRows(10).include("*.csv").build();
        MockKafka fresh = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"));
             Source source = Source.of(included.sourceUri(), "*.csv", null, null)) {
            assertThat(new TransferJob(included, source, store, fresh, new StopSignal(), events::add).run())
                    .isEqualTo(Outcome.COMPLETED);
        }
        assertThat(values(fresh.committed(TOPIC))).containsExactly("1,a", "2,b");
    }

    @Test
    void aFileWhoseHeaderDiffersAmongLikeNamedFilesSuggestsOnlyTheHeaderOption() {
        InputSet set = new InputSet("file:///d/", List.of(new SourceInfo("file:///d/a.csv", 1, "v"),
                new SourceInfo("file:///d/b.csv", 1, "v")));
        assertThat(HeaderMismatch.message("j", set, 1, List.of("x"), List.of("y"), 1)).doesNotContain("--include")
                .contains("1 record)").contains("--header-mismatch allow");
        InputSet gz = new InputSet("s3://b/p/", List.of(new SourceInfo("s3://b/p/x.csv.gz", 1, "v"),
                new SourceInfo("s3://b/p/manifest.json", 1, "v"), new SourceInfo("s3://b/p/y.csv.gz", 1, "v")));
        assertThat(HeaderMismatch.message("j", gz, 1, List.of("x"), List.of("y"), 0))
                .contains("manifest.json is not named like the other files (*.csv.gz): run with --include '*.csv.gz'");
    }

    @Test
    void aFileThatChangedBeforeItWasReadFailsTheJobNamingIt() throws Exception {
        Path set = parts("id\n1\n", "id\n2\n", "id\n3\n");
        MockKafka kafka = new MockKafka();
        StopSignal stop = new StopSignal();
        kafka.beforeCommit = () -> stop.request("SIGTERM"); // stops after the next row: rows 1 and 2 are committed
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(set, 1, false), store, kafka, stop)).isEqualTo(Outcome.INTERRUPTED);
            assertThat(values(kafka.committed(TOPIC))).containsExactly("1", "2");
            Files.writeString(set.resolve("part-00002.csv"), "id\n3\n4\n");
            kafka.beforeCommit = () -> { };
            MockKafka again = new MockKafka(kafka.committed);
            assertThatThrownBy(() -> run(config(set, 1, false), store, again, new StopSignal()))
                    .isInstanceOf(TransferFailedException.class).hasMessageContaining("part-00002.csv")
                    .hasMessageContaining("changed");
            assertThat(values(again.committed(TOPIC))).containsExactly("1", "2");
        }
    }
}
