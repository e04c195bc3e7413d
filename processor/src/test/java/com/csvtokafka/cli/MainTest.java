package com.csvtokafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import com.csvtokafka.position.Position;
import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.checkpoint.Lease;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpTeachesEveryOptionWithItsEnvironmentVariable() {
        Result r = run("run", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--source", "SOURCE_URI", "--bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS",
                "--topic", "KAFKA_TOPIC", "--job-id", "JOB_ID", "--checkpoint-table", "CHECKPOINT_TABLE",
                "--on-bad-row", "--headers", "--key", "Example");
        assertThat(run("--help").out()).contains("Exit codes", "run", "status", "verify", "reset");
    }

    @Test
    void missingRequiredOptionIsAUsageErrorNamingFlagAndEnv() {
        Result r = run("run", "--bootstrap-servers", "localhost:1", "--topic", "t", "--job-id", "j");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--source").contains("SOURCE_URI");
    }

    @Test
    void invalidValuesAreUsageErrors() {
        assertThat(run("run", "--source", "x.csv", "--bootstrap-servers", "h:1", "--topic", "t", "--job-id", "j",
                "--on-bad-row", "explode").err()).contains("--on-bad-row must be fail, skip or dlq:TOPIC");
        assertThat(run("run", "--source", "x.csv", "--bootstrap-servers", "h:1", "--topic", "t", "--job-id", "bad id!")
                .code()).isEqualTo(2);
        assertThat(run("run", "--source", "x.csv", "--bootstrap-servers", "h:1", "--topic", "t", "--job-id", "j",
                "--kafka-property", "acks=1").err()).contains("acks cannot be overridden");
        assertThat(run("run", "--source", "x.csv", "--bootstrap-servers", "h:1", "--topic", "t", "--job-id", "j",
                "--unknown").code()).isEqualTo(2);
    }

    @Test
    void missingSourceFileIsAConfigurationErrorBeforeAnyKafkaWork() {
        Result r = run("run", "--source", dir.resolve("nope.csv").toString(), "--bootstrap-servers", "127.0.0.1:1",
                "--topic", "t", "--job-id", "j", "--checkpoint-dir", dir.toString());
        assertThat(r.code()).isEqualTo(2);
    }

    @Test
    void statusShowsTheCheckpointAsATableAndAsJsonAndResetDeletesIt() throws Exception {
        Path checkpoints = dir.resolve("ck");
        try (DirectoryCheckpointStore store = new DirectoryCheckpointStore(checkpoints)) {
            Lease lease = store.acquire("job-s", Duration.ofSeconds(60));
            store.save(lease, new Checkpoint("job-s", JobStatus.RUNNING,
                    Position.plain(0, 2500, 251, 249, 1), 10_000, "file:///x.csv",
                    "size=10000;mtime=1", "orders", 0, 1000, 1_000, 2_000, null, 77, null, 2500), Duration.ofSeconds(60));
            store.release(lease);
        }
        Result table = run("status", "--job-id", "job-s", "--checkpoint-dir", checkpoints.toString());
        assertThat(table.code()).isZero();
        assertThat(table.out()).contains("status", "RUNNING").contains("rows_processed", "250")
                .contains("records_sent", "249").contains("progress", "25.0%").contains("lease", "free")
                .contains("eta_seconds");

        Result json = run("status", "--job-id", "job-s", "--checkpoint-dir", checkpoints.toString(), "--json");
        @SuppressWarnings("unchecked")
        Map<String, Object> view = new ObjectMapper().readValue(json.out(), Map.class);
        assertThat(view).containsEntry("status", "RUNNING").containsEntry("records_sent", 249)
                .containsEntry("byte_offset", 2500).containsEntry("topic", "orders-0");

        Result reset = run("reset", "--job-id", "job-s", "--checkpoint-dir", checkpoints.toString(), "--yes");
        assertThat(reset.code()).isZero();
        assertThat(reset.out()).contains("checkpoint of job job-s deleted");
        assertThat(run("status", "--job-id", "job-s", "--checkpoint-dir", checkpoints.toString()).code()).isEqualTo(1);
    }

    @Test
    void generateWritesTheRequestedRows() {
        Path file = dir.resolve("s.csv");
        Result r = run("generate", "--rows", "100", "--out", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("wrote 100 rows");
    }
}
