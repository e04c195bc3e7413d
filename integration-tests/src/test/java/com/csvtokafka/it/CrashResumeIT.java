package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the processor at several kinds of moments, then resume: the partition must hold every row exactly
 * once, in order, byte for byte.
 */
class CrashResumeIT {
    @TempDir
    Path dir;

    private static Map<String, String> env() {
        return SharedStack.environment();
    }

    private String[] args(String source, String topic, String job, String... extra) {
        List<String> a = new ArrayList<>(List.of("run", "--source", source, "--topic", topic, "--job-id", job,
                "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(), "--s3-endpoint", env().get("S3_ENDPOINT"),
                "--checkpoint-dir", dir.resolve("checkpoints").toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void killedAtRandomMomentsThenResumedEveryRowExactlyOnceInOrder() throws Exception {
        CsvData data = CsvData.generate(400_000, 11);
        SharedStack.get().s3().createBucket("crash");
        SharedStack.get().s3().putObject("crash", "random.csv", data.write(dir, "random.csv"));
        SharedStack.get().kafka().createTopic("crash-random", 1);
        String[] args = args("s3://crash/random.csv", "crash-random", "crash-random", "--transaction-rows", "20000",
                "--max-rows-per-second", "100000");
        Random random = new Random(7);
        int kills = 0;
        for (int i = 0; i < 6; i++) {
            Processor p = Processor.start(dir, env(), args);
            if (!p.awaitEvent("started", 60)) { // the lease is taken
                break;
            }
            Thread.sleep(300 + random.nextInt(2500));
            if (!p.alive()) {
                break;
            }
            p.kill9();
            kills++;
        }
        Processor.Result last = Processor.run(dir, env(), 180, args);
        assertThat(last.exitCode()).as(last.output()).isZero();
        assertThat(kills).isGreaterThanOrEqualTo(2);
        assertExactlyOnceInOrder("crash-random", data);
    }

    @Test
    void killedRightAfterACommitThenResumed() throws Exception {
        CsvData data = CsvData.generate(200_000, 12);
        Path file = data.write(dir, "after-commit.csv");
        SharedStack.get().kafka().createTopic("crash-after-commit", 1);
        String[] args = args(file.toString(), "crash-after-commit", "after-commit", "--transaction-rows", "10000",
                "--max-rows-per-second", "100000");
        Path checkpoint = dir.resolve("checkpoints").resolve("after-commit.json");
        for (int i = 0; i < 3; i++) {
            Processor p = Processor.start(dir, env(), args);
            assertThat(p.awaitEvent("started", 60)).as(p.output()).isTrue(); // the lease is taken
            long before = lastLine(checkpoint);
            // the checkpoint is written right after each commit: kill the moment it moves
            if (p.awaitCondition(() -> lastLine(checkpoint) > before, 60)) {
                p.kill9();
            } else {
                p.await(60);
            }
        }
        Processor.Result last = Processor.run(dir, env(), 120, args);
        assertThat(last.exitCode()).as(last.output()).isZero();
        assertExactlyOnceInOrder("crash-after-commit", data);
    }

    @Test
    void killedInsideOneLongTransactionNothingOfItIsVisible() throws Exception {
        CsvData data = CsvData.generate(1_000_000, 13);
        Path file = data.write(dir, "mid.csv");
        SharedStack.get().kafka().createTopic("crash-mid-txn", 1);
        String[] oneBigTransaction = args(file.toString(), "crash-mid-txn", "mid-txn", "--transaction-rows",
                "100000000", "--transaction-ms", "600000", "--max-rows-per-second", "200000");
        Processor p = Processor.start(dir, env(), oneBigTransaction);
        assertThat(p.awaitEvent("resumed", 60)).as(p.output()).isTrue();
        assertThat(p.events().startedAtTheBeginning()).as(p.events().toString()).isTrue();
        Thread.sleep(800);
        assertThat(p.alive()).as("still inside its one transaction when killed").isTrue();
        p.kill9();
        assertThat(Topic.readCommitted("crash-mid-txn", 0)).as("aborted rows are invisible").isEmpty();
        Processor.Result last = Processor.run(dir, env(), 120, args(file.toString(), "crash-mid-txn", "mid-txn"));
        assertThat(last.exitCode()).as(last.output()).isZero();
        assertExactlyOnceInOrder("crash-mid-txn", data);
    }

    @Test
    void sigtermCommitsExitsThreeAndTheNextRunResumes() throws Exception {
        CsvData data = CsvData.generate(1_000_000, 14);
        Path file = data.write(dir, "term.csv");
        SharedStack.get().kafka().createTopic("sigterm", 1);
        String[] args = args(file.toString(), "sigterm", "sigterm", "--transaction-rows", "50000");
        String[] throttled = args(file.toString(), "sigterm", "sigterm", "--transaction-rows", "50000",
                "--max-rows-per-second", "200000");
        Processor p = Processor.start(dir, env(), throttled);
        assertThat(p.awaitEvent("resumed", 60)).as(p.output()).isTrue();
        assertThat(p.events().startedAtTheBeginning()).as(p.events().toString()).isTrue();
        Thread.sleep(700);
        assertThat(p.alive()).as("still sending when signalled").isTrue();
        p.sigterm();
        Processor.Result stopped = p.await(120);
        assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(3);
        JsonNode stop = stopped.events().first("stopped").orElseThrow(() -> new AssertionError(stopped.output()));
        assertThat(stop.path("reason").asText()).isEqualTo("SIGTERM");
        assertThat(stop.path("committed").asBoolean()).as("committed and checkpointed").isTrue();
        int committed = Topic.readCommitted("sigterm", 0).size();
        assertThat(stop.path("at").path("sent").asLong()).as("the stop's position").isEqualTo(committed);
        assertThat(Files.readString(dir.resolve("checkpoints/sigterm.json"))).contains("INTERRUPTED")
                .contains("\"total_sent\" : " + committed);
        Processor.Result resumed = Processor.run(dir, env(), 120, args);
        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        assertThat(resumed.events().resumedFromKafka()).as(resumed.events().toString()).isTrue();
        assertThat(resumed.events().resumedAt().orElseThrow().path("sent").asLong())
                .as("resumed after the records the stopped run committed").isEqualTo(committed);
        assertExactlyOnceInOrder("sigterm", data);
    }

    private static long lastLine(Path checkpoint) {
        try {
            String json = Files.readString(checkpoint);
            int i = json.indexOf("\"last_line\" : ");
            return i < 0 ? 0 : Long.parseLong(json.substring(i + 14, json.indexOf(',', i)).trim());
        } catch (Exception e) {
            return 0;
        }
    }

    static void assertExactlyOnceInOrder(String topic, CsvData data) {
        Topic.assertExactly(topic, data.rows, java.util.stream.LongStream.rangeClosed(1, data.rows.size()).boxed().toList());
    }
}
