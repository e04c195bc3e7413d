package com.csvtokafka.transfer;

import static com.csvtokafka.transfer.MockKafka.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.Source;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compressed inputs through the engine: decoded offsets, member seeks in anchors, corrupt data, not-CSV input. */
class CompressedInputEngineTest {
    @TempDir
    Path dir;

    private final List<JobEvent> events = new ArrayList<>();

    private JobConfig config(Path file, int transactionRows) {
        return TestJobs.job(file.toString(), "gz-1").transactionMaxRows(transactionRows).build();
    }

    private Outcome run(JobConfig config, CheckpointStore store, MockKafka kafka, StopSignal stop) throws Exception {
        try (Source source = Source.of(config.sourceUri(), null, null, null)) {
            return new TransferJob(config, source, store, kafka, stop, events::add).run();
        }
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The header and rows 1..n, as members of {@code perMember} rows each (as bgzip or pigz write them). */
    private Path multiMember(String name, int n, int perMember) throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        StringBuilder member = new StringBuilder("id,value\n");
        for (int i = 1; i <= n; i++) {
            member.append(i).append(",v").append(i).append('\n');
            if (i % perMember == 0 || i == n) {
                file.write(gzip(member.toString()));
                member.setLength(0);
            }
        }
        return Files.write(dir.resolve(name), file.toByteArray());
    }

    private static List<String> values(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private static List<String> expected(int n) {
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(i + ",v" + i);
        }
        return rows;
    }

    @Test
    void aMultiMemberGzipResumesFromTheMemberThatHoldsTheResumeRowWithoutDuplicates() throws Exception {
        Path file = multiMember("rows.csv.gz", 100, 10);
        MockKafka kafka = new MockKafka();
        StopSignal stop = new StopSignal();
        AtomicInteger commits = new AtomicInteger();
        kafka.beforeCommit = () -> {
            if (commits.incrementAndGet() == 5) {
                stop.request("SIGTERM");
                throw new TimeoutException("EndTxn timed out");
            }
        };
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config(file, 15), store, kafka, stop)).isEqualTo(Outcome.INTERRUPTED);
            List<ProducerRecord<byte[], byte[]>> first = kafka.committed(TOPIC);
            assertThat(values(first)).containsExactlyElementsOf(expected(60));
            Position anchor = AnchorCodec.read(first.get(59).headers(), 59).next();
            assertThat(anchor.row()).isEqualTo(61);
            assertThat(anchor.seek().raw()).as("the member holding row 61 starts after the first bytes").isPositive();
            assertThat(anchor.seek().decoded()).isLessThanOrEqualTo(anchor.offset()).isPositive();

            events.clear();
            MockKafka again = new MockKafka(kafka.committed);
            assertThat(run(config(file, 15), store, again, new StopSignal())).isEqualTo(Outcome.COMPLETED);
            assertThat(values(again.committed(TOPIC))).containsExactlyElementsOf(expected(100));
        }
        JobEvent.InputOpened opened = events.stream().filter(JobEvent.InputOpened.class::isInstance)
                .map(JobEvent.InputOpened.class::cast).findFirst().orElseThrow();
        assertThat(opened.compression()).isEqualTo("gzip");
        assertThat(opened.seekRaw()).isPositive();
        assertThat(opened.skippedBytes()).as("only the rows of one member before the resume row").isLessThan(200);
    }

    @Test
    void truncatedCompressedDataFailsNamingTheLastGoodRowAfterCommittingTheRowsBeforeIt() throws Exception {
        Path whole = multiMember("whole.csv.gz", 300_000, 300_000);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.csv.gz"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThatThrownBy(() -> run(config(cut, 100), store, kafka, new StopSignal()))
                    .isInstanceOf(TransferFailedException.class).hasMessageContaining("the last good row is row ")
                    .hasMessageContaining("committed exactly once");
            // the checkpoint tells the failure in the file's own bytes: decoded bytes pass the file's size
            com.csvtokafka.checkpoint.Checkpoint failed = store.load("gz-1").orElseThrow();
            assertThat(failed.status()).isEqualTo(com.csvtokafka.checkpoint.JobStatus.FAILED);
            assertThat(failed.message()).contains("the last good row is row ");
            assertThat(failed.byteOffset()).as("decoded").isGreaterThan(Files.size(cut));
            assertThat(failed.bytesDone()).isLessThanOrEqualTo(Files.size(cut));
            assertThat(failed.fractionDone()).isLessThan(1.0);
            assertThat(failed.compressedPosition()).isTrue();
        }
        List<String> sent = values(kafka.committed(TOPIC));
        assertThat(sent).isNotEmpty();
        assertThat(sent).containsExactlyElementsOf(expected(sent.size()));
    }

    @Test
    void aZipArchiveIsAConfigurationErrorBeforeAnythingIsSent() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("rows.csv"));
            z.write("id\n1\n".getBytes(StandardCharsets.UTF_8));
        }
        Path file = Files.write(dir.resolve("rows.zip"), zip.toByteArray());
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThatThrownBy(() -> run(config(file, 10), store, kafka, new StopSignal()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("ZIP")
                    .hasMessageContaining("nothing was sent");
        }
        assertThat(kafka.committed).isEmpty();
    }
}
