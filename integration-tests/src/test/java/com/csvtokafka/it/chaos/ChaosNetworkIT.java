package com.csvtokafka.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.CsvData;
import com.csvtokafka.it.Events;
import com.csvtokafka.it.Processor;
import com.csvtokafka.it.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 6, network trouble between the processor and the broker: the processor reaches its own broker only
 * through a {@link TcpProxy} (the broker advertises the proxy's address), and while a throttled job streams the
 * link is (a) black-holed for longer than the producer's delivery.timeout.ms, (b) reset at random moments, and
 * (c) refusing new connections for a few seconds after a reset. Timeouts are shrunk for the test so (a) outlasts
 * them in seconds, not minutes. The processor must re-initialize by itself (every producer timeout is an unknown
 * outcome: close, re-init, re-derive from Kafka) and finish without a restart; if it gives up after too many
 * attempts without progress, a restart must finish the job (the test says which happened). C1-C6 on the result.
 *
 * <p>{@code -Dchaos.rounds=N} repeats the round, {@code -Dchaos.drops=N} (default 3) sets the number of resets, and
 * {@code -Dchaos.seed} replays the random moments of a printed seed.
 */
class ChaosNetworkIT extends ProxiedKafkaTest {
    private static final int RATE = 5_000;
    /** Timeouts small enough for the test, with delivery.timeout.ms >= linger.ms (20) + request.timeout.ms. */
    private static final List<String> SHORT_TIMEOUTS = List.of(
            "--kafka-property", "request.timeout.ms=3000",
            "--kafka-property", "delivery.timeout.ms=5000",
            "--kafka-property", "max.block.ms=5000",
            "--kafka-property", "transaction.timeout.ms=10000");
    private static final long DELIVERY_TIMEOUT_MS = 5_000;

    @TempDir
    Path dir;

    @Test
    void stallLongerThanTheDeliveryTimeoutResetsAndRefusedConnectionsLoseNothing() throws Exception {
        int drops = ChaosResults.intProperty("chaos.drops", 3);
        ChaosRounds.run("chaos-net", (name, seed) -> round(name, drops, seed));
    }

    private void round(String name, int drops, long seed) throws Exception {
        Random random = new Random(seed);
        // the faults and their recoveries take ~30-40 s; the throttled job must still be streaming after them
        CsvData data = CsvData.generate(200_000 + drops * RATE, seed);
        Path file = data.write(dir, name + ".csv");
        kafka.createTopic(name);
        Path checkpoints = dir.resolve("checkpoints");
        CheckpointReader checkpoint = CheckpointReader.directory(checkpoints, name);
        List<String> args = new ArrayList<>(List.of("run", "--source", file.toString(), "--topic", name,
                "--job-id", name, "--format", "csv", "--bootstrap-servers", kafka.proxied(),
                "--checkpoint-dir", checkpoints.toString(), "--transaction-rows", "500",
                "--max-rows-per-second", Integer.toString(RATE)));
        args.addAll(SHORT_TIMEOUTS);
        Faults faults = new Faults();
        String outcome;
        long done;
        try (PrefixReader reader = PrefixReader.start(kafka.direct(), name, data.rows, checkpoint)) {
            Processor p = Processor.start(dir, Map.of(), args.toArray(String[]::new));
            try {
                assertThat(reader.awaitSeen(2_000, Duration.ofSeconds(60))).as(p.output()).isTrue();

                // (a) a black hole longer than delivery.timeout.ms: batches expire, commit/initTransactions time out
                pause(random);
                requireAlive(p, "before the stall");
                long stall = DELIVERY_TIMEOUT_MS + 2_000 + random.nextInt(3_000);
                kafka.proxy().stall(true);
                Thread.sleep(stall);
                // recovery is timed from the link's return: during the stall nothing can be committed
                faults.injected(reader, "stall-" + stall + "ms");
                kafka.proxy().stall(false);
                awaitProgress(reader, p, "after the stall");

                // (b) connection resets at random moments (mid-batch, mid-commit, during recovery)
                for (int i = 1; i <= drops; i++) {
                    Thread.sleep(random.nextInt(1_500));
                    requireAlive(p, "before reset " + i);
                    faults.injected(reader, "reset-" + i);
                    kafka.proxy().dropAll();
                }
                awaitProgress(reader, p, "after the resets");

                // (c) every connection reset, and new ones refused for a few seconds
                pause(random);
                requireAlive(p, "before refusing connections");
                long refuse = 2_000 + random.nextInt(3_000);
                kafka.proxy().refuse(true);
                kafka.proxy().dropAll();
                Thread.sleep(refuse);
                faults.injected(reader, "refuse-" + refuse + "ms"); // timed from the end, as the stall
                kafka.proxy().refuse(false);
                awaitProgress(reader, p, "after refusing connections");

                Processor.Result result = p.await(240);
                done = System.nanoTime();
                int retries = result.events().count("retrying");
                printRetries(result.events());
                if (result.exitCode() == 0) {
                    outcome = "finished without restart after " + retries + " re-initializations";
                } else {
                    // allowed by the brief only when the engine gave up on purpose; a restart must then finish
                    assertThat(result.events().failure()).as("exit %d without giving up:\n%s", result.exitCode(),
                            result.output()).contains("giving up after");
                    Processor.Result again = Processor.run(dir, Map.of(), 240, args.toArray(String[]::new));
                    done = System.nanoTime();
                    assertThat(again.exitCode()).as(again.output()).isZero();
                    outcome = "gave up after " + retries + " re-initializations; a restart finished the job";
                }
            } finally {
                kafka.heal();
                if (p.alive()) {
                    p.kill9(); // a failed assertion must not leave the runner behind
                }
            }
            System.out.println(name + ": the processor " + outcome);
            assertThat(reader.awaitSeen(data.rows.size(), Duration.ofSeconds(60))).isTrue();
            reader.close();
            List<Topic.Rec> records = Topic.readCommitted(kafka.direct(), name, 0);
            Checker.Verdict verdict = Checker.check(records, data.rows, reader.samples(), checkpoint.read(), true, reader);
            ChaosResults.record("network", faults.count(), verdict, faults.slowestRecoveryNanos(reader, done));
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
            assertThat(verdict.checkpointSamples()).as("C5 was sampled during the run").isPositive();
        }
    }

    private static void awaitProgress(PrefixReader reader, Processor p, String when) throws InterruptedException {
        long before = reader.seen();
        assertThat(reader.awaitSeen(before + 1, Duration.ofSeconds(90)))
                .as("C6: committing again %s:\n%s", when, p.output()).isTrue();
    }

    private static void pause(Random random) throws InterruptedException {
        Thread.sleep(500 + random.nextInt(1_500));
    }

    private static void requireAlive(Processor p, String when) {
        assertThat(p.alive()).as("the runner is still running %s (else the file is too short for the faults):\n%s",
                when, p.output()).isTrue();
    }

    /** The processor's own account of each re-initialization (its events), for the log of the run. */
    static void printRetries(Events events) {
        events.all().stream().filter(e -> List.of("retrying", "resumed", "failed").contains(e.path("event").asText()))
                .forEach(e -> System.out.println("  processor: " + Events.describe(e)));
    }
}
