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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 1: {@code kill -9} of the processor at random moments of one job, restarting it each time — during
 * JVM start, lease and recovery, mid-transaction, and right after a commit before or while the checkpoint is
 * written. {@code -Dchaos.kills=N} (default 20) and {@code -Dchaos.rounds=N} (default 1) make it longer; the seed
 * is printed so a failure can be replayed with {@code -Dchaos.seed}.
 */
class ChaosKillIT {
    private static final int RATE = 10_000;
    private static final String[] MOMENTS = {"any", "after-lease", "after-commit", "first-txn"};

    @TempDir
    Path dir;

    @Test
    void killNineAtRandomMomentsLosesDuplicatesReordersNothing() throws Exception {
        int kills = ChaosResults.intProperty("chaos.kills", 20);
        ChaosRounds.run("chaos-kill", (name, seed) -> round(name, kills, seed));
    }

    private void round(String name, int kills, long seed) throws Exception {
        Random random = new Random(seed);
        // enough rows that the job cannot finish before the last kill, even if every life streams for 1 s
        CsvData data = CsvData.generate(kills * RATE, seed);
        Map<String, String> env = SharedStack.environment();
        SharedStack.get().s3().createBucket("chaos");
        SharedStack.get().s3().putObject("chaos", name + ".csv", data.write(dir, name + ".csv"));
        SharedStack.get().kafka().createTopic(name, 1);
        Path checkpoints = dir.resolve("checkpoints");
        CheckpointReader checkpoint = CheckpointReader.directory(checkpoints, name);
        List<String> base = List.of("run", "--source", "s3://chaos/" + name + ".csv", "--topic", name, "--job-id", name,
                "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(), "--s3-endpoint", env.get("S3_ENDPOINT"),
                "--checkpoint-dir", checkpoints.toString(), "--transaction-rows", "500");
        List<String> throttled = new ArrayList<>(base);
        throttled.addAll(List.of("--max-rows-per-second", Integer.toString(RATE)));

        Faults faults = new Faults();
        try (PrefixReader reader = PrefixReader.start(SharedStack.bootstrap(), name, data.rows, checkpoint)) {
            for (int life = 0; faults.count() < kills; life++) {
                Processor p = Processor.start(dir, env, throttled.toArray(String[]::new));
                int moment = random.nextInt(4);
                boolean reached = switch (moment) {
                    case 0 -> sleep(random.nextInt(2500)); // anywhere: JVM start, lease, recovery, streaming
                    case 1 -> p.awaitEvent("started", 60) && sleep(random.nextInt(1500)); // the lease is taken
                    case 2 -> { // right after a commit, racing the checkpoint write
                        long before = checkpoint.read().map(CheckpointReader.State::totalSent).orElse(0L);
                        yield p.awaitCondition(() -> checkpoint.read().map(CheckpointReader.State::totalSent)
                                .orElse(0L) > before, 60);
                    }
                    // inside the first transaction after recovery (resumed from Kafka, or at the beginning)
                    default -> p.awaitEvent("resumed", 60) && sleep(random.nextInt(300));
                };
                assertThat(p.alive()).as("life %d ended on its own before the kill (reached %s):\n%s", life, reached,
                        p.output()).isTrue();
                faults.injected(reader, MOMENTS[moment]);
                p.kill9();
            }
            long finalStart = System.nanoTime();
            Processor.Result last = Processor.run(dir, env, 180, base.toArray(String[]::new));
            long done = System.nanoTime();
            assertThat(last.exitCode()).as(last.output()).isZero();
            assertThat(reader.awaitSeen(data.rows.size(), Duration.ofSeconds(60)))
                    .as("the live reader saw all rows (it saw %d)", reader.seen()).isTrue();
            reader.close();
            List<Topic.Rec> records = Topic.readCommitted(name, 0);
            Checker.Verdict verdict = Checker.check(records, data.rows, reader.samples(), checkpoint.read(), true, reader);
            long slowest = faults.slowestRecoveryNanos(reader, done);
            ChaosResults.record("kill-9", faults.count(), verdict, slowest);
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
            assertThat(verdict.checkpointSamples()).as("C5 was sampled during the run").isPositive();
            assertThat(faults.count()).isGreaterThanOrEqualTo(kills);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(slowest)).as("C6: every recovery within 60 s").isLessThan(60);
            System.out.println("final run took " + TimeUnit.NANOSECONDS.toMillis(done - finalStart) + " ms");
        }
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
