package com.csvtokafka.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.CsvData;
import com.csvtokafka.it.Processor;
import com.csvtokafka.it.SharedStack;
import com.csvtokafka.it.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Scenario 3, the zombie: a runner frozen (SIGSTOP) mid-transaction past its DynamoDB lease and its transaction
 * timeout, a new runner that takes the job over, then the old one thawed (SIGCONT). The old one must be fenced —
 * by the producer epoch or by the conditional checkpoint write — and exit 1 saying so, without a row of its own
 * reaching the topic. The DynamoDB store makes the lease expiry real: a frozen process still holds an OS file
 * lock, and the same-host dead-pid takeover does not apply to a process that is alive.
 */
class ChaosZombieIT {
    private static final String TABLE = "chaos-leases";
    private static final int ROWS = 60_000;

    @TempDir
    Path dir;

    /** The brief's case: the new runner finishes the job before the zombie wakes. */
    @Test
    void aZombieThawedAfterTheTakeoverIsFencedAndWritesNothing() throws Exception {
        ChaosRounds.run("chaos-zombie-after", (name, seed) -> zombie(name, seed, false));
    }

    /** Harder: the zombie wakes while the new runner is still streaming; the new runner must still finish. */
    @Test
    void aZombieThawedDuringTheTakeoverIsFencedAndTheNewRunnerFinishes() throws Exception {
        ChaosRounds.run("chaos-zombie-during", (name, seed) -> zombie(name, seed, true));
    }

    private void zombie(String name, long seed, boolean thawWhileNewRuns) throws Exception {
        Random random = new Random(seed);
        CsvData data = CsvData.generate(ROWS, seed);
        Path file = data.write(dir, name + ".csv");
        SharedStack.get().kafka().createTopic(name, 1);
        Map<String, String> env = SharedStack.environment();
        List<String> base = List.of("run", "--source", file.toString(), "--topic", name, "--job-id", name,
                "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(),
                "--checkpoint-table", TABLE, "--create-table", "--dynamodb-endpoint", env.get("DYNAMODB_ENDPOINT"),
                "--lease-seconds", "5", "--transaction-rows", "1000",
                "--kafka-property", "transaction.timeout.ms=10000");
        try (DynamoDbClient dynamo = SharedStack.get().dynamoDb().newClient()) {
            CheckpointReader checkpoint = CheckpointReader.dynamoDb(dynamo, TABLE, name);
            Faults faults = new Faults();
            try (PrefixReader reader = PrefixReader.start(SharedStack.bootstrap(), name, data.rows, checkpoint)) {
                Processor old = Processor.start(dir, env, with(base, "--max-rows-per-second", "5000"));
                Processor successor = null;
                try {
                    assertThat(reader.awaitSeen(1000, Duration.ofSeconds(60))).as(old.output()).isTrue();
                    Thread.sleep(random.nextInt(700)); // freeze it at a random point of a later transaction
                    Signals.stop(old);
                    long stoppedAt = System.nanoTime();
                    long frozenAt = Topic.readCommitted(name, 0).size();
                    faults.injected(stoppedAt, frozenAt, "sigstop");
                    try {
                        // past the lease (5 s) and the transaction timeout (10 s)
                        Thread.sleep(12_000);
                        assertThat(old.alive()).isTrue();
                        String[] args = thawWhileNewRuns ? with(base, "--max-rows-per-second", "10000") : with(base);
                        successor = Processor.start(dir, env, args);
                        if (thawWhileNewRuns) {
                            assertThat(reader.awaitSeen(frozenAt + 5000, Duration.ofSeconds(60)))
                                    .as("the successor streams:\n%s", successor.output()).isTrue();
                            Signals.resume(old);
                        }
                        Processor.Result done = successor.await(180);
                        assertThat(done.exitCode()).as(done.output()).isZero();
                        assertThat(done.events().first("started").map(e -> e.path("store").asText()))
                                .as("the lease taken in the DynamoDB table:\n%s", done.events())
                                .contains("DynamoDB table " + TABLE);
                    } finally {
                        if (old.alive()) {
                            Signals.resume(old);
                        }
                    }
                } catch (Throwable t) {
                    old.kill9(); // a failed assertion must not leave the runners behind
                    if (successor != null) {
                        successor.kill9();
                    }
                    throw t;
                }
                long thawed = System.nanoTime();
                Processor.Result fenced = old.await(120);
                long doneAt = System.nanoTime();
                System.out.println(name + ": the zombie exited " + (doneAt - thawed) / 1_000_000 + " ms after SIGCONT:\n"
                        + fenced.output());
                assertThat(fenced.exitCode()).as(fenced.output()).isEqualTo(1);
                assertThat(fenced.events().failure()).as(fenced.output()).containsAnyOf("taken over", "fenced");
                assertThat(reader.awaitSeen(ROWS, Duration.ofSeconds(60))).isTrue();
                Thread.sleep(1000); // anything the zombie could still have committed would be visible by now
                reader.close();
                List<Topic.Rec> records = Topic.readCommitted(name, 0);
                Checker.Verdict verdict = Checker.check(records, data.rows, reader.samples(), checkpoint.read(), true, reader);
                ChaosResults.record(thawWhileNewRuns ? "zombie-during" : "zombie-after", faults.count(), verdict,
                        faults.slowestRecoveryNanos(reader, doneAt));
                assertThat(verdict.clean()).as(verdict.summary()).isTrue();
            }
        }
    }

    private static String[] with(List<String> base, String... extra) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }
}
