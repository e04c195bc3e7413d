package com.csvtokafka.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.CsvData;
import com.csvtokafka.it.Processor;
import com.csvtokafka.it.SharedStack;
import com.csvtokafka.it.Topic;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue scenario 10: a {@code kill -9} between the job's final Kafka commit and its final checkpoint write. The
 * state it leaves is produced faithfully without racing a kill: the job runs to the end while the test keeps
 * every version of its checkpoint file, then the checkpoint is put back to the last one before the final write
 * (RUNNING at the previous commit; the final commit is in Kafka) — or removed, as if no write had ever landed.
 * The rerun must exit 0, report COMPLETED and send nothing again, to the topic nor to the dead-letter topic:
 * including when the file ends in bad rows under {@code --on-bad-row dlq:T} or {@code skip}, handled after the
 * last good row (in its transaction, or alone in the last one).
 */
class ChaosLastCommitIT {
    private static final int TXN = 500;

    @TempDir
    Path dir;

    enum Restore { PREVIOUS_CHECKPOINT, NO_CHECKPOINT }

    @Test
    void aCrashAfterTheLastCommitOfAGoodFileResumesToANoOp() throws Exception {
        scenario("last-commit-good-prev", 2_200, 0, "fail", Restore.PREVIOUS_CHECKPOINT);
        scenario("last-commit-good-none", 2_200, 0, "fail", Restore.NO_CHECKPOINT);
    }

    @Test
    void deadLettersOfATrailingBadTailInTheLastGoodRowsTransactionAreNotSentAgain() throws Exception {
        scenario("last-commit-dlq-tail", 2_200, 3, "dlq", Restore.PREVIOUS_CHECKPOINT);
    }

    @Test
    void deadLettersOfABadTailAloneInTheLastTransactionAreNotSentAgain() throws Exception {
        scenario("last-commit-dlq-alone", 2_000, 3, "dlq", Restore.PREVIOUS_CHECKPOINT);
        scenario("last-commit-dlq-alone-none", 2_000, 3, "dlq", Restore.NO_CHECKPOINT);
    }

    @Test
    void aSkippedBadTailIsCountedOnceAfterTheRerun() throws Exception {
        scenario("last-commit-skip-tail", 2_200, 3, "skip", Restore.PREVIOUS_CHECKPOINT);
    }

    private void scenario(String prefix, int goodRows, int badRows, String policy, Restore restore) throws Exception {
        String name = "chaos-" + prefix + "-" + Long.toHexString(System.nanoTime());
        CsvData good = CsvData.generate(goodRows, goodRows + badRows);
        List<String> bad = new ArrayList<>();
        for (int i = 1; i <= badRows; i++) {
            bad.add("bad-" + i + ",only two fields");
        }
        List<String> all = new ArrayList<>(good.rows);
        all.addAll(bad);
        Path file = CsvData.of(CsvData.HEADER, all, "\n", true).write(dir, name + ".csv");
        SharedStack.get().kafka().createTopic(name, 1);
        String dlq = name + "-dlq";
        if (policy.equals("dlq")) {
            SharedStack.get().kafka().createTopic(dlq, 1);
        }
        Path checkpoints = dir.resolve("ck-" + name);
        Path json = checkpoints.resolve(name + ".json");
        Map<String, String> env = SharedStack.environment();
        String[] args = {"run", "--source", file.toString(), "--topic", name, "--job-id", name, "--format", "csv",
                "--bootstrap-servers", SharedStack.bootstrap(), "--checkpoint-dir", checkpoints.toString(),
                "--transaction-rows", Integer.toString(TXN), "--max-rows-per-second", "5000",
                "--on-bad-row", policy.equals("dlq") ? "dlq:" + dlq : policy};

        // every version of the checkpoint file, so the one before the final write can be put back
        AtomicReference<byte[]> lastRunning = new AtomicReference<>();
        AtomicReference<Boolean> watching = new AtomicReference<>(true);
        ObjectMapper mapper = new ObjectMapper();
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                try {
                    byte[] bytes = Files.readAllBytes(json);
                    JsonNode n = mapper.readTree(bytes);
                    if (n != null && "RUNNING".equals(n.path("status").asText())) {
                        lastRunning.set(bytes);
                    }
                } catch (NoSuchFileException e) {
                    // not written yet
                } catch (Exception e) {
                    // replaced while read: the next poll sees it
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "checkpoint-watcher");
        watcher.setDaemon(true);
        watcher.start();
        Processor.Result first;
        try {
            first = Processor.run(dir, env, 120, args);
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertThat(first.exitCode()).as(first.output()).isZero();
        List<Topic.Rec> before = Topic.readCommitted(name, 0);
        List<Topic.Rec> dlqBefore = policy.equals("dlq") ? Topic.readCommitted(dlq, 0) : List.of();
        assertThat(before).hasSize(goodRows);
        assertThat(dlqBefore).hasSize(policy.equals("dlq") ? badRows : 0);
        JsonNode completed = mapper.readTree(Files.readAllBytes(json));
        assertThat(completed.path("status").asText()).isEqualTo("COMPLETED");

        // the state of a kill -9 between the final commit and the final checkpoint write
        String state;
        if (restore == Restore.PREVIOUS_CHECKPOINT) {
            byte[] previous = lastRunning.get();
            assertThat(previous).as("the checkpoint was RUNNING before the final write").isNotNull();
            JsonNode p = mapper.readTree(previous);
            assertThat(p.path("total_sent").asLong()).isLessThanOrEqualTo(goodRows);
            Path tmp = checkpoints.resolve(name + ".json.restore");
            Files.write(tmp, previous);
            Files.move(tmp, json, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            state = "checkpoint put back to RUNNING at row " + p.path("last_line").asLong() + " (" + p.path("total_sent")
                    .asLong() + " sent, " + p.path("skipped_rows").asLong() + " skipped), Kafka holding all " + goodRows;
        } else {
            Files.delete(json);
            state = "checkpoint removed, Kafka holding all " + goodRows;
        }
        System.out.println(name + ": " + state);

        Processor.Result rerun = Processor.run(dir, env, 120, args);
        List<Topic.Rec> records = Topic.readCommitted(name, 0);
        List<Topic.Rec> dead = policy.equals("dlq") ? Topic.readCommitted(dlq, 0) : List.of();
        JsonNode after = mapper.readTree(Files.readAllBytes(json));
        System.out.println(name + ": rerun exit " + rerun.exitCode() + ", checkpoint " + after.path("status").asText()
                + " sent " + after.path("total_sent").asLong() + " skipped " + after.path("skipped_rows").asLong()
                + "; topic " + records.size() + " records, dead-letter topic " + dead.size() + " records");
        boolean ok = rerun.exitCode() == 0 && rerun.events().has("completed")
                && "COMPLETED".equals(after.path("status").asText());
        Optional<CheckpointReader.State> finalState = CheckpointReader.directory(checkpoints, name).read();
        Checker.Verdict verdict = Checker.check(records, good.rows, List.of(), finalState, ok, null);
        ChaosResults.record("last-commit-crash", 1, verdict, 0);
        if (policy.equals("dlq")) {
            // the dead-letter topic against the bad rows: its own C1-C4 (rows numbered after the good ones)
            List<Topic.Rec> renumbered = new ArrayList<>();
            for (Topic.Rec r : dead) {
                Map<String, String> h = new HashMap<>(r.headers());
                h.put("csv.row", Long.toString(Long.parseLong(h.get("csv.row")) - goodRows));
                renumbered.add(new Topic.Rec(r.offset(), r.value(), h, r.key()));
            }
            Checker.Verdict deadVerdict = Checker.check(renumbered, bad, List.of(), Optional.empty(), ok, null);
            ChaosResults.record("last-commit-crash-dlq", 1, deadVerdict, 0);
            assertThat(deadVerdict.clean()).as("dead-letter topic: " + deadVerdict.summary()).isTrue();
        }
        assertThat(rerun.exitCode()).as(rerun.output()).isZero();
        assertThat(rerun.events().has("completed")).as(rerun.events().toString()).isTrue();
        assertThat(rerun.events().named("bad_row")).as("the rerun handled no bad row again").isEmpty();
        assertThat(rerun.events().named("committed").stream().mapToLong(e -> e.path("rows").asLong()).sum())
                .as("the rerun committed no record").isZero();
        assertThat(verdict.clean()).as(verdict.summary()).isTrue();
        assertThat(records).as("nothing sent again").hasSize(goodRows);
        assertThat(after.path("total_sent").asLong()).isEqualTo(goodRows);
        assertThat(after.path("skipped_rows").asLong()).as("bad rows counted once").isEqualTo(badRows);
    }
}
