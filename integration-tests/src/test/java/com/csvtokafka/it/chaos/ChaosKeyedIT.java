package com.csvtokafka.it.chaos;

import static com.csvtokafka.it.chaos.PrefixReader.closeAll;
import static com.csvtokafka.it.chaos.PrefixReader.total;
import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.Processor;
import com.csvtokafka.it.SharedStack;
import com.csvtokafka.it.Topic;
import com.csvtokafka.localstack.KafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Keyed mode under faults (docs/architecture.md, "Keyed mode"): rows spread over 6 partitions by a key column, by 3
 * lanes, each lane a transactional producer of its own ({@code csv-to-kafka-<job>/lane-<k>}) that commits on its own.
 * Every partition is checked against the file by {@link KeyedChecker}: exactly the rows whose key Kafka's partitioner
 * puts there, once each, in file order; one live {@link PrefixReader} per partition catches a visible aborted
 * transaction, a replayed or a torn row the moment it appears; the checkpoint's mark is sampled against every
 * partition's last stable offset.
 * <ul>
 * <li>kill -9 at random moments ({@code -Dchaos.kills}, default 6, at most 50 a round): anywhere, after the lease,
 *     right after a checkpoint write, inside the first transactions after recovery, right after one lane's commit
 *     while the others' transactions are open;</li>
 * <li>a fenced lane: the runner frozen (SIGSTOP) past its DynamoDB lease and its transaction timeout, a successor
 *     that fences every lane's transactional id, the zombie thawed while the successor streams;</li>
 * <li>on a 3-broker cluster: hard kill of the leader of one partition and of one lane's transaction coordinator,
 *     then SIGTERM (every lane commits, exit 3) and a resume.</li>
 * </ul>
 */
class ChaosKeyedIT {
    private static final int PARTITIONS = 6;
    private static final int LANES = 3;
    private static final int RATE = 10_000;
    private static final String TABLE = "chaos-keyed-leases";
    private static final String[] MOMENTS = {"any", "after-lease", "after-checkpoint", "first-txn", "after-lane-commit"};

    @TempDir
    Path dir;

    @Test
    void killNineOfAKeyedJobLosesDuplicatesReordersNothingInAnyPartition() throws Exception {
        int kills = Math.min(50, ChaosResults.intProperty("chaos.kills", 6));
        ChaosRounds.run("chaos-keyed-kill", (name, seed) -> kill(name, kills, seed));
    }

    @Test
    void aFrozenKeyedRunnerIsFencedOnEveryLaneAndWritesNothingAfterTheTakeover() throws Exception {
        ChaosRounds.run("chaos-keyed-zombie", this::zombie);
    }

    @Test
    void partitionLeaderAndLaneCoordinatorKillsLoseNothing() throws Exception {
        ChaosRounds.run("chaos-keyed-broker", this::broker);
    }

    private void kill(String name, int kills, long seed) throws Exception {
        Random random = new Random(seed);
        // more rows than the kills leave time to send at RATE, so that the job cannot finish before the last kill
        KeyedFile file = KeyedFile.generate(kills * RATE * 3 / 2, 5_000, seed, "\n", PARTITIONS);
        Map<String, String> env = SharedStack.environment();
        SharedStack.get().s3().createBucket("chaos");
        SharedStack.get().s3().putObject("chaos", name + ".csv", file.data.write(dir, name + ".csv"));
        SharedStack.get().kafka().createTopic(name, PARTITIONS);
        Path checkpoints = dir.resolve("checkpoints");
        CheckpointReader checkpoint = CheckpointReader.directory(checkpoints, name);
        List<String> base = keyed(List.of("run", "--source", "s3://chaos/" + name + ".csv", "--topic", name,
                "--job-id", name, "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(),
                "--s3-endpoint", env.get("S3_ENDPOINT"), "--checkpoint-dir", checkpoints.toString(),
                "--transaction-rows", "500"));
        List<String> throttled = with(base, "--max-rows-per-second", Integer.toString(RATE));

        Faults faults = new Faults();
        List<PrefixReader> readers = readers(SharedStack.bootstrap(), name, file);
        try (KeyedChecker.Sampler sampler = new KeyedChecker.Sampler(SharedStack.bootstrap(), name, PARTITIONS,
                checkpoint)) {
            for (int life = 0; faults.count() < kills; life++) {
                Processor p = Processor.start(dir, env, throttled.toArray(String[]::new));
                int moment = random.nextInt(MOMENTS.length);
                boolean reached = switch (moment) {
                    case 0 -> sleep(random.nextInt(2500)); // anywhere: JVM start, lease, recovery, streaming
                    case 1 -> p.awaitEvent("started", 60) && sleep(random.nextInt(1500));
                    case 2 -> { // right after a checkpoint write (the mark moved), racing the lanes' next commits
                        long before = checkpoint.read().map(CheckpointReader.State::totalSent).orElse(0L);
                        yield p.awaitCondition(() -> checkpoint.read().map(CheckpointReader.State::totalSent)
                                .orElse(0L) > before, 60);
                    }
                    case 3 -> p.awaitEvent("resumed", 60) && sleep(random.nextInt(300));
                    default -> { // right after one lane's commit: the other lanes are at other places
                        int commits = 1 + random.nextInt(6);
                        yield p.awaitCondition(() -> p.events().count("committed") >= commits, 60);
                    }
                };
                assertThat(p.alive()).as("life %d ended on its own before the kill (reached %s):\n%s", life, reached,
                        p.output()).isTrue();
                faults.injected(readers.get(0), MOMENTS[moment]);
                p.kill9();
            }
            Processor.Result last = Processor.run(dir, env, 180, base.toArray(String[]::new));
            long done = System.nanoTime();
            assertThat(last.exitCode()).as(last.output()).isZero();
            awaitAll(readers, file);
            closeAll(readers);
            sampler.close();
            Checker.Verdict verdict = KeyedChecker.check(SharedStack.bootstrap(), name, file, sampler.samples(),
                    checkpoint.read(), true, readers);
            long slowest = faults.slowestRecoveryNanos(readers.get(0), done);
            ChaosResults.record("keyed", faults.count(), verdict, slowest);
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
            assertThat(verdict.checkpointSamples()).as("C5 was sampled during the run").isPositive();
            assertThat(faults.count()).isGreaterThanOrEqualTo(kills);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(slowest)).as("C6: every recovery within 60 s").isLessThan(60);
            // the product's own check agrees (the verdict above does not rely on it)
            Processor.Result verify = Processor.run(dir, env, 120, "verify", "--source", "s3://chaos/" + name + ".csv",
                    "--s3-endpoint", env.get("S3_ENDPOINT"), "--topic", name, "--partitions", "all", "--key",
                    "column:customer", "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap());
            assertThat(verify.exitCode()).as(verify.output()).isZero();
        } finally {
            closeAll(readers);
        }
    }

    private void zombie(String name, long seed) throws Exception {
        Random random = new Random(seed);
        KeyedFile file = KeyedFile.generate(60_000, 2_000, seed, "\r\n", PARTITIONS);
        Path source = file.data.write(dir, name + ".csv");
        SharedStack.get().kafka().createTopic(name, PARTITIONS);
        Map<String, String> env = SharedStack.environment();
        List<String> base = keyed(List.of("run", "--source", source.toString(), "--topic", name, "--job-id", name,
                "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(),
                "--checkpoint-table", TABLE, "--create-table", "--dynamodb-endpoint", env.get("DYNAMODB_ENDPOINT"),
                "--lease-seconds", "5", "--transaction-rows", "1000",
                "--kafka-property", "transaction.timeout.ms=10000"));
        List<PrefixReader> readers = readers(SharedStack.bootstrap(), name, file);
        try (DynamoDbClient dynamo = SharedStack.get().dynamoDb().newClient()) {
            CheckpointReader checkpoint = CheckpointReader.dynamoDb(dynamo, TABLE, name);
            Faults faults = new Faults();
            try (KeyedChecker.Sampler sampler = new KeyedChecker.Sampler(SharedStack.bootstrap(), name, PARTITIONS,
                    checkpoint)) {
                Processor old = Processor.start(dir, env, with(base, "--max-rows-per-second", "5000")
                        .toArray(String[]::new));
                Processor successor = null;
                long frozenAt;
                try {
                    assertThat(awaitTotal(readers, 3000, Duration.ofSeconds(60))).as(old.output()).isTrue();
                    Thread.sleep(random.nextInt(700)); // freeze it at a random point of a later transaction
                    Signals.stop(old);
                    long stoppedAt = System.nanoTime();
                    frozenAt = total(readers);
                    // what partition 0 held when the zombie froze: its recovery is measured on that partition
                    faults.injected(stoppedAt, Topic.readCommitted(SharedStack.bootstrap(), name, 0).size(), "sigstop");
                    try {
                        Thread.sleep(12_000); // past the lease (5 s) and the transaction timeout (10 s)
                        assertThat(old.alive()).isTrue();
                        successor = Processor.start(dir, env, with(base, "--max-rows-per-second", "10000")
                                .toArray(String[]::new));
                        // thawed while the successor streams: every lane of the zombie meets a fenced producer
                        // (or its checkpoint write meets the successor's lease)
                        assertThat(awaitTotal(readers, frozenAt + 5000, Duration.ofSeconds(60)))
                                .as("the successor streams:\n%s", successor.output()).isTrue();
                        Signals.resume(old);
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
                System.out.println(name + ": the zombie exited " + (doneAt - thawed) / 1_000_000
                        + " ms after the successor finished (it was thawed while the successor streamed):\n"
                        + fenced.output());
                assertThat(fenced.exitCode()).as(fenced.output()).isEqualTo(1);
                assertThat(fenced.events().failure()).as(fenced.output()).containsAnyOf("taken over", "fenced");
                awaitAll(readers, file);
                Thread.sleep(1000); // anything the zombie could still have committed would be visible by now
                closeAll(readers);
                sampler.close();
                Checker.Verdict verdict = KeyedChecker.check(SharedStack.bootstrap(), name, file, sampler.samples(),
                        checkpoint.read(), true, readers);
                ChaosResults.record("keyed-zombie", faults.count(), verdict,
                        faults.slowestRecoveryNanos(readers.get(0), doneAt));
                assertThat(verdict.clean()).as(verdict.summary()).isTrue();
            }
        } finally {
            closeAll(readers);
        }
    }

    private void broker(String name, long seed) throws Exception {
        Random random = new Random(seed);
        Path clusterDir = Files.createDirectories(dir.resolve("cluster"));
        try (KafkaCluster cluster = KafkaCluster.start(clusterDir, 3)) {
            String bootstrap = cluster.bootstrapServers();
            // more rows than the faults take to inject at RATE / 2 rows/s, also when each recovery takes its full
            // wait on a loaded machine (a run that ends before the last fault proves nothing: 200,000 rows once
            // did); the rest is sent unthrottled after SIGTERM
            KeyedFile file = KeyedFile.generate(1_000_000, 3_000, seed, "\n", PARTITIONS);
            Path source = file.data.write(dir, name + ".csv");
            cluster.createTopic(name, PARTITIONS);
            Path checkpoints = dir.resolve("checkpoints");
            CheckpointReader checkpoint = CheckpointReader.directory(checkpoints, name);
            List<String> base = keyed(List.of("run", "--source", source.toString(), "--topic", name, "--job-id", name,
                    "--format", "csv", "--bootstrap-servers", bootstrap, "--checkpoint-dir", checkpoints.toString(),
                    "--transaction-rows", "2000"));
            Faults faults = new Faults();
            List<PrefixReader> readers = readers(bootstrap, name, file);
            try (KeyedChecker.Sampler sampler = new KeyedChecker.Sampler(bootstrap, name, PARTITIONS, checkpoint);
                 Admin admin = Admin.create(adminProps(bootstrap))) {
                // half the kill scenario's rate: the faults and the waits for recovery take up to a minute or more
                Processor p = Processor.start(dir, Map.of(), with(base, "--max-rows-per-second",
                        Integer.toString(RATE / 2)).toArray(String[]::new));
                try {
                    assertThat(awaitTotal(readers, 6000, Duration.ofSeconds(90))).as(p.output()).isTrue();

                    // each fault's recovery is timed on a partition it hits, and that partition must grow again
                    // before the next fault (a lane stalled for good would otherwise hide behind the others)
                    int partition = random.nextInt(PARTITIONS);
                    int leader = leader(admin, name, partition);
                    pause(random);
                    PrefixReader hit = readers.get(partition);
                    long before = hit.seen();
                    faults.injectedOn(hit, "leader-kill-p" + partition);
                    cluster.killBroker(leader);
                    Thread.sleep(2000 + random.nextInt(3000));
                    cluster.restartBroker(leader);
                    requireAlive(p, "after the kill and restart of partition " + partition + "'s leader");
                    assertThat(hit.awaitSeen(before + 1, Duration.ofSeconds(90)))
                            .as("partition %d grows again after its leader's kill:\n%s", partition, p.output()).isTrue();

                    pause(random);
                    int lane = random.nextInt(LANES);
                    int coordinator = coordinator(admin, "csv-to-kafka-" + name + "/lane-" + lane);
                    hit = readers.get(lane); // partition k is the k-th listed: lane k's (k < LANES)
                    before = hit.seen();
                    faults.injectedOn(hit, "coordinator-kill-lane-" + lane);
                    cluster.killBroker(coordinator);
                    Thread.sleep(2000 + random.nextInt(3000));
                    cluster.restartBroker(coordinator);
                    requireAlive(p, "after the kill and restart of lane " + lane + "'s transaction coordinator");
                    assertThat(hit.awaitSeen(before + 1, Duration.ofSeconds(90)))
                            .as("lane %d commits again after its coordinator's kill:\n%s", lane, p.output()).isTrue();

                    long total = total(readers);
                    assertThat(awaitTotal(readers, total + 3000, Duration.ofSeconds(60)))
                            .as("still committing after the faults:\n%s", p.output()).isTrue();
                    faults.injected(readers.get(0), "sigterm");
                    p.sigterm();
                    Processor.Result stopped = p.await(120);
                    assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(3);
                    assertThat(stopped.events().stoppedCommitted()).as(stopped.output()).contains(true);
                } finally {
                    if (p.alive()) {
                        p.kill9(); // a failed assertion must not leave the runner behind
                    }
                }
                Processor.Result last = Processor.run(dir, Map.of(), 180, base.toArray(String[]::new));
                long done = System.nanoTime();
                assertThat(last.exitCode()).as(last.output()).isZero();
                assertThat(last.events().resumedFromKafka()).as(last.events().toString()).isTrue();
                awaitAll(readers, file);
                closeAll(readers);
                sampler.close();
                Checker.Verdict verdict = KeyedChecker.check(bootstrap, name, file, sampler.samples(),
                        checkpoint.read(), true, readers);
                ChaosResults.record("keyed-broker", faults.count(), verdict,
                        faults.slowestRecoveryNanos(readers.get(0), done));
                assertThat(verdict.clean()).as(verdict.summary()).isTrue();
            } finally {
                closeAll(readers);
            }
        }
    }

    /** The keyed options every scenario shares. */
    private static List<String> keyed(List<String> args) {
        return with(args, "--partitions", "all", "--key", "column:customer", "--lanes", Integer.toString(LANES));
    }

    private static List<String> with(List<String> base, String... extra) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(extra));
        return all;
    }

    /** One live reader per partition, each checking its partition is a prefix of that partition's rows. */
    private static List<PrefixReader> readers(String bootstrap, String topic, KeyedFile file) {
        List<PrefixReader> readers = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            readers.add(PrefixReader.start(bootstrap, topic, p, file.rowsIn(p), null,
                    index -> file.rowNumberIn(partition, index)));
        }
        return readers;
    }

    private static boolean awaitTotal(List<PrefixReader> readers, long count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (total(readers) < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static void awaitAll(List<PrefixReader> readers, KeyedFile file) throws InterruptedException {
        for (int p = 0; p < PARTITIONS; p++) {
            PrefixReader r = readers.get(p);
            assertThat(r.awaitSeen(file.rowsIn(p).size(), Duration.ofSeconds(60)))
                    .as("the live reader of partition %d saw all its %d rows (it saw %d)", p, file.rowsIn(p).size(),
                            r.seen()).isTrue();
        }
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    private static void pause(Random random) throws InterruptedException {
        Thread.sleep(500 + random.nextInt(2000));
    }

    private static void requireAlive(Processor p, String when) {
        assertThat(p.alive()).as("the runner is still running " + when + ":\n" + p.output()).isTrue();
    }

    private static Properties adminProps(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        return props;
    }

    private static int leader(Admin admin, String topic, int partition) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return d.partitions().get(partition).leader().id();
    }

    private static int coordinator(Admin admin, String transactionalId) throws Exception {
        return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get().coordinatorId();
    }
}
