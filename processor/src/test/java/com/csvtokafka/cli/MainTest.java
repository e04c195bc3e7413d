package com.csvtokafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
    void generateWritesTheRequestedRows() {
        Path file = dir.resolve("s.csv");
        Result r = run("generate", "--rows", "100", "--out", file.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("wrote 100 rows");
    }
}
