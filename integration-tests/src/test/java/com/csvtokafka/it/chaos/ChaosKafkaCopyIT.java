package com.csvtokafka.it.chaos;

import static com.csvtokafka.it.chaos.PrefixReader.closeAll;
import static com.csvtokafka.it.chaos.PrefixReader.total;
import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.Processor;
import com.csvtokafka.it.SecondCluster;
import com.csvtokafka.it.SharedStack;
import com.csvtokafka.it.SourceProducer;
import com.csvtokafka.it.SourceTopic;
import com.csvtokafka.localstack.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of a Kafka topic between two independent clusters under faults (docs/architecture.md, "Kafka source"):
 * {@link SourceTopic}'s 3-partition topic (keys, headers, timestamps, aborted transactions) copied partition p into
 * partition p, each partition a job of its own ({@code <job>.p<N>}), throttled so that the faults land while it
 * runs. The target is then checked by {@link CopyChecker} against the records the source committed, partition by
 * partition (one live {@link PrefixReader} per partition, each partition copy's checkpoint sampled), and after the
 * kills by the product's own {@code verify --source} too.
 * <ul>
 * <li>copy-kill-9: {@code kill -9} at random moments ({@code -Dchaos.kills}, default 6, at most 50 a round) —
 *     anywhere, after the leases, right after a partition copy's checkpoint moved, inside the first transactions
 *     after recovery — restarted each time, then run to completion;</li>
 * <li>copy-source-broker, copy-target-broker: the source's (or the target's) broker killed with {@code kill -9}
 *     and restarted, then stopped cleanly and restarted, each at a random moment and down for 1-3 s, while one
 *     copy runs; each time every partition copy must commit again; then SIGTERM (every copy commits, exit 3) and a
 *     resume that completes the job;</li>
 * <li>copy-follow-sigterm: a copy that follows its source ({@code --follow}) while a {@link SourceProducer} writes
 *     to it all along (transactions, some aborted), stopped at random moments ({@code -Dchaos.kills} stops, default
 *     4, at most 50 a round) — SIGTERM while the copies run, after a partition copy's checkpoint moved or in the first
 *     transactions after recovery (every copy commits, exit 3), one of them a {@code kill -9} anywhere — and started
 *     again each time; then the producer stops, one more following run copies up to the source's committed end and
 *     is stopped by SIGTERM. The source's committed records, as the producer noted them, are the expectation.</li>
 * </ul>
 */
class ChaosKafkaCopyIT {
    private static final int PARTITIONS = 3;
    /** Records a second, each partition copy, while faults are injected: a life of the kill scenario copies little. */
    private static final int RATE = 20;
    private static final String[] MOMENTS = {"any", "after-lease", "after-checkpoint", "first-txn"};
    /** The moments of a following copy's stops: a kill -9 anywhere, SIGTERM once every partition copy resumed. */
    private static final String[] STOP_MOMENTS = {"kill-9", "sigterm-copying", "sigterm-after-checkpoint",
            "sigterm-first-txn"};

    /** The broker the broker scenarios bounce: the source's in one, the target's in the other. */
    private static LocalKafka faulty;

    @TempDir
    static Path clusterDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startFaultyBroker() {
        faulty = LocalKafka.start(clusterDir);
    }

    @AfterAll
    static void stopFaultyBroker() {
        if (faulty != null) {
            faulty.close();
        }
    }

    @Test
    void killNineOfACopyLosesDuplicatesReordersNothingInAnyPartition() throws Exception {
        int kills = Math.min(50, ChaosResults.intProperty("chaos.kills", 6));
        ChaosRounds.run("chaos-copy-kill", (name, seed) -> kill(name, kills, seed));
    }

    @Test
    void aSourceBrokerKilledAndBouncedWhileTheCopyRunsLosesNothing() throws Exception {
        ChaosRounds.run("chaos-copy-source-broker", (name, seed) ->
                brokers("copy-source-broker", name, seed, faulty, SharedStack.get().kafka()));
    }

    @Test
    void aTargetBrokerKilledAndBouncedWhileTheCopyRunsLosesNothing() throws Exception {
        ChaosRounds.run("chaos-copy-target-broker", (name, seed) ->
                brokers("copy-target-broker", name, seed, SecondCluster.get(), faulty));
    }

    @Test
    void aFollowingCopyStoppedAtRandomMomentsWhileAProducerWritesLosesDuplicatesReordersNothing() throws Exception {
        int stops = Math.min(50, ChaosResults.intProperty("chaos.kills", 4));
        ChaosRounds.run("chaos-copy-follow", (name, seed) -> follow(name, stops, seed));
    }

    private void kill(String name, int kills, long seed) throws Exception {
        Random random = new Random(seed);
        // more records than the killed lives can copy at RATE (a life copies for at most about 2.5 s: 150 records of
        // the three partitions), so that the job cannot finish before the last kill
        SourceTopic source = SourceTopic.create(SecondCluster.get(), name, PARTITIONS, seed).append(kills * 300);
        String target = name + "-copy";
        SharedStack.get().kafka().createTopic(target, PARTITIONS);
        Path checkpoints = dir.resolve("checkpoints");
        List<CheckpointReader> checkpoint = CopyChecker.checkpoints(checkpoints, name, PARTITIONS);
        List<String> base = copy(source, SharedStack.bootstrap(), target, name, checkpoints);
        List<String> throttled = throttled(base);

        Faults faults = new Faults();
        List<PrefixReader> readers = CopyChecker.readers(SharedStack.bootstrap(), target, source, checkpoint);
        try {
            // at least `kills` lives, and until one of them committed: else the last run has nothing to resume
            for (int life = 0; faults.count() < kills || total(readers) == 0; life++) {
                Processor p = Processor.start(dir, Map.of(), throttled.toArray(String[]::new));
                int moment = random.nextInt(MOMENTS.length);
                boolean reached = switch (moment) {
                    case 0 -> sleep(random.nextInt(2500)); // anywhere: JVM start, pinning, leases, recovery, copying
                    case 1 -> p.awaitEvent("started", 60) && sleep(random.nextInt(1500));
                    case 2 -> checkpointMoves(p, checkpoint.get(random.nextInt(PARTITIONS)));
                    default -> p.awaitEvent("resumed", 60) && sleep(random.nextInt(300));
                };
                assertThat(p.alive()).as("life %d ended on its own before the kill (reached %s):\n%s", life, reached,
                        p.output()).isTrue();
                faults.injected(readers.get(0), MOMENTS[moment]);
                p.kill9();
            }
            Processor.Result last = Processor.run(dir, Map.of(), 180, base.toArray(String[]::new));
            long done = System.nanoTime();
            assertThat(last.exitCode()).as(last.output()).isZero();
            assertThat(last.events().named("resumed")).as("the last run resumed from the target's anchors")
                    .anyMatch(resumed -> resumed.path("from_kafka").asBoolean());
            Checker.Verdict verdict = verdict(source, SharedStack.bootstrap(), target, checkpoint, readers, false);
            long slowest = faults.slowestRecoveryNanos(readers.get(0), done);
            ChaosResults.record("copy-kill-9", faults.count(), verdict, slowest);
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
            assertThat(verdict.checkpointSamples()).as("C5 was sampled during the run").isPositive();
            assertThat(faults.count()).isGreaterThanOrEqualTo(kills);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(slowest)).as("C6: every recovery within 60 s").isLessThan(60);
            assertVerified(source, SharedStack.bootstrap(), target);
        } finally {
            closeAll(readers);
        }
    }

    /**
     * Copies a new source topic on {@code sourceCluster} into {@code targetCluster} while {@link #faulty} (one of the
     * two) is killed and restarted, then stopped and restarted.
     */
    private void brokers(String scenario, String name, long seed, LocalKafka sourceCluster, LocalKafka targetCluster)
            throws Exception {
        Random random = new Random(seed);
        // more records than the copy gets through at RATE while the faults are injected and recovered from (50 s of
        // copying), also on a loaded machine: a copy that ends before the last fault proves nothing; the rest is
        // copied unthrottled after SIGTERM
        SourceTopic source = SourceTopic.create(sourceCluster, name, PARTITIONS, seed).append(3_000);
        String target = name + "-copy";
        targetCluster.createTopic(target, PARTITIONS);
        String bootstrap = targetCluster.bootstrapServers();
        Path checkpoints = dir.resolve("checkpoints");
        List<CheckpointReader> checkpoint = CopyChecker.checkpoints(checkpoints, name, PARTITIONS);
        List<String> base = copy(source, bootstrap, target, name, checkpoints);

        Faults faults = new Faults();
        List<PrefixReader> readers = CopyChecker.readers(bootstrap, target, source, checkpoint);
        try {
            Processor p = Processor.start(dir, Map.of(), throttled(base).toArray(String[]::new));
            try {
                assertThat(awaitEach(readers, 20, Duration.ofSeconds(90))).as(p.output()).isTrue();
                for (String fault : List.of("kill-9", "stop")) {
                    Thread.sleep(300 + random.nextInt(1200));
                    long faultAt = System.nanoTime();
                    if (fault.equals("kill-9")) {
                        faulty.kill();
                    } else {
                        faulty.stop();
                    }
                    Thread.sleep(1000 + random.nextInt(2000));
                    faulty.restart();
                    // recovered once the copy moved past where it stood when the broker was back: a partition copy
                    // goes on with the records it read ahead while the source's broker is down
                    long[] before = seen(readers);
                    faults.injected(faultAt, before[0], fault);
                    assertThat(p.alive()).as("the copy still runs after the broker's %s and restart:\n%s", fault,
                            p.output()).isTrue();
                    for (int i = 0; i < PARTITIONS; i++) {
                        assertThat(readers.get(i).awaitSeen(before[i] + 1, Duration.ofSeconds(90)))
                                .as("partition %d is copied again after the broker's %s:\n%s", i, fault, p.output())
                                .isTrue();
                    }
                }
                faults.injected(readers.get(0), "sigterm");
                p.sigterm();
                Processor.Result stopped = p.await(120);
                assertThat(stopped.exitCode()).as("stopped before the copy ended:\n%s", stopped.output()).isEqualTo(3);
            } finally {
                if (p.alive()) {
                    p.kill9(); // a failed assertion must not leave the runner behind
                }
            }
            Processor.Result last = Processor.run(dir, Map.of(), 180, base.toArray(String[]::new));
            long done = System.nanoTime();
            assertThat(last.exitCode()).as(last.output()).isZero();
            assertThat(last.events().named("resumed")).as("the resume continued from the target's anchors")
                    .allMatch(resumed -> resumed.path("from_kafka").asBoolean());
            Checker.Verdict verdict = verdict(source, bootstrap, target, checkpoint, readers, false);
            ChaosResults.record(scenario, faults.count(), verdict, faults.slowestRecoveryNanos(readers.get(0), done));
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
        } finally {
            closeAll(readers);
        }
    }

    /**
     * Follows a new source topic while a producer writes to it, stopped {@code stops} times (one of them by
     * {@code kill -9}, the others by SIGTERM), then run until it has copied everything the producer committed.
     */
    private void follow(String name, int stops, long seed) throws Exception {
        Random random = new Random(seed);
        SourceTopic source = SourceTopic.create(SecondCluster.get(), name, PARTITIONS, seed).append(300);
        String target = name + "-copy";
        SharedStack.get().kafka().createTopic(target, PARTITIONS);
        Path checkpoints = dir.resolve("checkpoints");
        List<CheckpointReader> checkpoint = CopyChecker.checkpoints(checkpoints, name, PARTITIONS);
        List<String> base = new ArrayList<>(copy(source, SharedStack.bootstrap(), target, name, checkpoints));
        base.add("--follow");
        String[] throttled = throttled(base).toArray(String[]::new);
        int killed = stops > 1 ? random.nextInt(stops) : -1;
        int abortedBefore = source.abortedTransactions();
        int committedBefore = source.committedCount();

        Faults faults = new Faults();
        List<PrefixReader> readers = CopyChecker.readers(SharedStack.bootstrap(), target, source, checkpoint);
        try {
            try (SourceProducer producer = SourceProducer.start(source)) {
                for (int life = 0; life < stops; life++) {
                    Processor p = Processor.start(dir, Map.of(), throttled);
                    try {
                        if (life == killed) {
                            sleep(random.nextInt(2500)); // anywhere: JVM start, pinning, leases, recovery, copying
                            assertThat(p.alive()).as("life %d ended before the kill:\n%s", life, p.output()).isTrue();
                            faults.injected(readers.get(0), STOP_MOMENTS[0]);
                            p.kill9();
                            continue;
                        }
                        // SIGTERM once every partition copy runs: before its signal handler, the JVM just dies
                        assertThat(p.awaitCondition(() -> p.events().count("resumed") == PARTITIONS, 60))
                                .as("life %d: every partition copy resumed:\n%s", life, p.output()).isTrue();
                        int moment = 1 + random.nextInt(STOP_MOMENTS.length - 1);
                        boolean reached = switch (moment) {
                            case 1 -> sleep(random.nextInt(2000));
                            case 2 -> checkpointMoves(p, checkpoint.get(random.nextInt(PARTITIONS)));
                            default -> sleep(random.nextInt(300));
                        };
                        assertThat(p.alive()).as("life %d ended before SIGTERM (reached %s):\n%s", life, reached,
                                p.output()).isTrue();
                        faults.injected(readers.get(0), STOP_MOMENTS[moment]);
                        assertStoppedCommitted(p, life, checkpoint, target);
                    } finally {
                        if (p.alive()) {
                            p.kill9(); // a failed assertion must not leave the runner behind
                        }
                    }
                }
            }
            assertThat(source.abortedTransactions()).as("transactions the producer aborted while the copy followed")
                    .isGreaterThan(abortedBefore);
            assertThat(source.committedCount()).as("records the producer committed while the copy followed")
                    .isGreaterThan(committedBefore);

            Processor last = Processor.start(dir, Map.of(), base.toArray(String[]::new));
            long done;
            try {
                awaitAllSeen(source, readers);
                done = System.nanoTime();
                assertStoppedCommitted(last, stops, checkpoint, target);
            } finally {
                if (last.alive()) {
                    last.kill9();
                }
            }
            assertThat(last.events().named("resumed")).as("the last run resumed from the target's anchors")
                    .hasSize(PARTITIONS).allMatch(resumed -> resumed.path("from_kafka").asBoolean());
            Checker.Verdict verdict = verdict(source, SharedStack.bootstrap(), target, checkpoint, readers, true);
            long slowest = faults.slowestRecoveryNanos(readers.get(0), done);
            ChaosResults.record("copy-follow-sigterm", faults.count(), verdict, slowest);
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
            assertThat(verdict.checkpointSamples()).as("C5 was sampled during the run").isPositive();
            assertThat(faults.count()).isEqualTo(stops);
            assertVerified(source, SharedStack.bootstrap(), target);
        } finally {
            closeAll(readers);
        }
    }

    /**
     * SIGTERM to a following copy: it must exit 3, every partition copy having committed what it had: its
     * {@code stopped} event says so, and its checkpoint counts exactly the records of its target partition.
     */
    private static void assertStoppedCommitted(Processor p, int life, List<CheckpointReader> checkpoint,
                                               String target) throws Exception {
        p.sigterm();
        Processor.Result stopped = p.await(120);
        assertThat(stopped.exitCode()).as("life %d stopped:\n%s", life, stopped.output()).isEqualTo(3);
        assertThat(stopped.events().named("stopped")).as("life %d: every partition copy committed and stopped", life)
                .hasSize(PARTITIONS).allMatch(e -> e.path("committed").asBoolean());
        for (int i = 0; i < PARTITIONS; i++) {
            long counted = checkpoint.get(i).read().map(CheckpointReader.State::totalSent).orElse(0L);
            assertThat(counted).as("life %d: the checkpoint of partition %d's copy counts its target partition", life,
                    i).isEqualTo(SourceTopic.readCommitted(SharedStack.bootstrap(), target, i).size());
        }
    }

    private static List<String> copy(SourceTopic source, String bootstrap, String target, String job,
                                     Path checkpoints) {
        return List.of("run", "--source", source.uri(), "--bootstrap-servers", bootstrap, "--topic", target,
                "--job-id", job, "--checkpoint-dir", checkpoints.toString());
    }

    /**
     * The copy at RATE in transactions of 5 records, its source read in small fetches: a partition copy then holds a
     * few dozen records it read ahead (by default it would have thousands, and a source broker's bounce could pass
     * without it noticing).
     */
    private static List<String> throttled(List<String> copy) {
        List<String> all = new ArrayList<>(copy);
        all.addAll(List.of("--max-rows-per-second", Integer.toString(RATE), "--transaction-rows", "5",
                "--source-kafka-property", "max.poll.records=10",
                "--source-kafka-property", "max.partition.fetch.bytes=1024"));
        return all;
    }

    /**
     * Waits until the live readers saw every partition whole, then checks the target (the readers closed).
     *
     * @param following whether the copy follows its source: it ended stopped (exit 3), not completed
     */
    private static Checker.Verdict verdict(SourceTopic source, String bootstrap, String target,
                                           List<CheckpointReader> checkpoint, List<PrefixReader> readers,
                                           boolean following) throws InterruptedException {
        awaitAllSeen(source, readers);
        closeAll(readers);
        return CopyChecker.check(source, bootstrap, target, checkpoint, true, following, readers);
    }

    /** Waits until the live reader of every partition saw all the records the source committed there. */
    private static void awaitAllSeen(SourceTopic source, List<PrefixReader> readers) throws InterruptedException {
        for (int p = 0; p < PARTITIONS; p++) {
            int records = source.committed(p).size();
            assertThat(readers.get(p).awaitSeen(records, Duration.ofSeconds(60)))
                    .as("the live reader of partition %d saw all its %d records (it saw %d)", p, records,
                            readers.get(p).seen()).isTrue();
        }
    }

    /** The product's own check agrees (the verdict does not rely on it). */
    private void assertVerified(SourceTopic source, String bootstrap, String target) throws Exception {
        Processor.Result verify = Processor.run(dir, Map.of(), 120, "verify", "--source", source.uri(),
                "--bootstrap-servers", bootstrap, "--topic", target);
        assertThat(verify.exitCode()).as(verify.output()).isZero();
    }

    private static long[] seen(List<PrefixReader> readers) {
        return readers.stream().mapToLong(PrefixReader::seen).toArray();
    }

    /** Waits until every reader has seen at least {@code count} records; false on timeout. */
    private static boolean awaitEach(List<PrefixReader> readers, long count, Duration timeout)
            throws InterruptedException {
        for (PrefixReader r : readers) {
            if (!r.awaitSeen(count, timeout)) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the partition copy's checkpoint counts more records than now; false after 60 s. */
    private static boolean checkpointMoves(Processor p, CheckpointReader c) throws InterruptedException {
        long before = c.read().map(CheckpointReader.State::totalSent).orElse(0L);
        return p.awaitCondition(() -> c.read().map(CheckpointReader.State::totalSent).orElse(0L) > before, 60);
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
