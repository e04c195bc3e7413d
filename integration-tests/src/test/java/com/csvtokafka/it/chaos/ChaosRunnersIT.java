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
 * Issue scenario 4: two runners of the same job started at the same instant (0-50 ms apart, random), with the
 * DynamoDB checkpoint store (a conditional update decides the lease) and with a checkpoint directory (an OS file
 * lock decides). The engine's guarantee, asserted here: exactly one of them streams; the other takes no lease and
 * sends nothing — it exits 1 with "job … is already running" (the default --lease-wait-seconds 0), or, when it
 * reached the store only after the first one had finished and released the lease, it finds the job COMPLETED and
 * exits 0 without sending anything. With --lease-wait-seconds (given to both) the loser waits for the lease, then
 * finds the job COMPLETED: exit 0, nothing sent. The topic holds every row once, in order.
 * {@code -Dchaos.rounds=N} multiplies the rounds (3 per store by default).
 */
class ChaosRunnersIT {
    private static final String TABLE = "chaos-runners";
    private static final int ROWS = 6_000;

    @TempDir
    Path dir;

    @Test
    void twoRunnersStartedAtOnceWithDynamoDbOneStreamsTheOtherIsRefused() throws Exception {
        rounds("dynamodb", false);
    }

    @Test
    void twoRunnersStartedAtOnceWithACheckpointDirectoryOneStreamsTheOtherIsRefused() throws Exception {
        rounds("dir", false);
    }

    @Test
    void aSecondRunnerThatWaitsForTheLeaseFindsTheJobCompletedAndSendsNothing() throws Exception {
        int rounds = ChaosResults.intProperty("chaos.rounds", 1);
        for (int round = 1; round <= rounds; round++) {
            long seed = Long.getLong("chaos.seed", System.nanoTime());
            for (String store : List.of("dynamodb", "dir")) {
                race("chaos-runners-wait-" + store + "-" + round + "-" + Long.toHexString(seed), store, true, new Random(seed));
            }
        }
    }

    private void rounds(String store, boolean wait) throws Exception {
        int rounds = 3 * ChaosResults.intProperty("chaos.rounds", 1);
        for (int round = 1; round <= rounds; round++) {
            long seed = Long.getLong("chaos.seed", System.nanoTime()) + round;
            race("chaos-runners-" + store + "-" + round + "-" + Long.toHexString(seed), store, wait, new Random(seed));
        }
    }

    private void race(String name, String store, boolean wait, Random random) throws Exception {
        CsvData data = CsvData.generate(ROWS, random.nextLong());
        Path file = data.write(dir, name + ".csv");
        SharedStack.get().kafka().createTopic(name, 1);
        Map<String, String> env = SharedStack.environment();
        List<String> args = new ArrayList<>(List.of("run", "--source", file.toString(), "--topic", name, "--job-id", name,
                "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(), "--transaction-rows", "500",
                "--max-rows-per-second", "3000"));
        Path checkpoints = dir.resolve("checkpoints-" + name);
        if (store.equals("dynamodb")) {
            args.addAll(List.of("--checkpoint-table", TABLE, "--create-table", "--dynamodb-endpoint",
                    env.get("DYNAMODB_ENDPOINT")));
        } else {
            args.addAll(List.of("--checkpoint-dir", checkpoints.toString()));
        }
        if (store.equals("dynamodb")) {
            // the table exists before the race, so that both runners race for the lease, not for creating the table
            Processor.Result created = Processor.run(dir, env, 60, "status", "--job-id", "none", "--checkpoint-table",
                    TABLE, "--create-table", "--dynamodb-endpoint", env.get("DYNAMODB_ENDPOINT"));
            System.out.println("status (creating the table): exit " + created.exitCode());
        }
        if (wait) {
            // both wait for the lease, so whichever loses the race is the one that waits
            args.addAll(List.of("--lease-wait-seconds", "60"));
        }
        List<String> second = new ArrayList<>(args);
        int delay = random.nextInt(51);
        System.out.println(name + ": second runner " + delay + " ms after the first" + (wait ? ", both waiting for the lease" : ""));

        try (DynamoDbClient dynamo = SharedStack.get().dynamoDb().newClient()) {
            CheckpointReader checkpoint = store.equals("dynamodb") ? CheckpointReader.dynamoDb(dynamo, TABLE, name)
                    : CheckpointReader.directory(checkpoints, name);
            try (PrefixReader reader = PrefixReader.start(SharedStack.bootstrap(), name, data.rows, checkpoint)) {
                long started = System.nanoTime();
                Processor a = Processor.start(dir, env, args.toArray(String[]::new));
                Thread.sleep(delay);
                Processor b = Processor.start(dir, env, second.toArray(String[]::new));
                Processor.Result ra;
                Processor.Result rb;
                try {
                    ra = a.await(120);
                    rb = b.await(120);
                } finally {
                    for (Processor p : List.of(a, b)) {
                        if (p.alive()) {
                            p.kill9();
                        }
                    }
                }
                long done = System.nanoTime();
                boolean aStreamed = streamed(ra);
                boolean bStreamed = streamed(rb);
                System.out.println(name + ": first exit " + ra.exitCode() + (aStreamed ? " (streamed)" : "") + ", second exit "
                        + rb.exitCode() + (bStreamed ? " (streamed)" : "") + "; the other said: "
                        + refusal(aStreamed ? rb : ra));
                assertThat(aStreamed ^ bStreamed).as("exactly one runner streamed:\n--- first:\n%s\n--- second:\n%s",
                        ra.output(), rb.output()).isTrue();
                Processor.Result winner = aStreamed ? ra : rb;
                Processor.Result other = aStreamed ? rb : ra;
                assertThat(winner.exitCode()).as(winner.output()).isZero();
                assertThat(other.events().named("resumed")).as("the other runner started no attempt, sent nothing")
                        .isEmpty();
                if (other.exitCode() == 1) {
                    assertThat(other.events().failure()).as(other.output()).contains("job " + name + " is already running");
                    assertThat(other.events().has("started")).as("a refused runner took no lease").isFalse();
                } else { // it took the lease only after the winner had finished and released it
                    assertThat(other.exitCode()).as(other.output()).isZero();
                    assertThat(other.events().alreadyCompleted()).as(other.events().toString()).isTrue();
                }
                if (wait) {
                    assertThat(other.exitCode()).as("the runner that waited finds the job COMPLETED: %s", other.output())
                            .isZero();
                    assertThat(other.events().alreadyCompleted()).as(other.events().toString()).isTrue();
                    System.out.println(name + ": the other runner " + (other.events().has("lease_wait")
                            ? "waited for the lease, then" : "came after the release and") + " found the job COMPLETED");
                }
                assertThat(reader.awaitSeen(data.rows.size(), Duration.ofSeconds(60)))
                        .as("the live reader saw all rows (it saw %d)", reader.seen()).isTrue();
                reader.close();
                Checker.Verdict verdict = Checker.check(Topic.readCommitted(name, 0), data.rows, reader.samples(),
                        checkpoint.read(), true, reader);
                ChaosResults.record(wait ? "two-runners-wait" : "two-runners-" + store, 1, verdict, 0);
                System.out.println(name + ": race took " + (done - started) / 1_000_000 + " ms");
                assertThat(verdict.clean()).as(verdict.summary()).isTrue();
            }
        }
    }

    /** Whether a run sent rows: it took the lease and started streaming from the beginning. */
    private static boolean streamed(Processor.Result r) {
        return r.events().has("started") && r.events().startedAtTheBeginning();
    }

    /** What the runner that did not stream reported: its failure, or that it found the job completed. */
    private static String refusal(Processor.Result r) {
        if (r.events().alreadyCompleted()) {
            return "already COMPLETED (" + r.events().last("completed").orElseThrow().path("at").path("sent").asLong()
                    + " records sent)";
        }
        String failure = r.events().failure();
        return failure.isEmpty() ? "(exit " + r.exitCode() + ")" : failure;
    }
}
