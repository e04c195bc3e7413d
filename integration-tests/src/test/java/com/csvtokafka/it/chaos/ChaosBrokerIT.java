package com.csvtokafka.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.CsvData;
import com.csvtokafka.it.Processor;
import com.csvtokafka.it.Topic;
import com.csvtokafka.localstack.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 5, broker faults on a real three-broker KRaft cluster (replication factor 3, min.insync.replicas=2)
 * while one job streams: hard kill and restart of the partition leader, a hard kill and restart of the job's
 * transaction coordinator, and a rolling (clean) restart of all three brokers. Then a SIGTERM (a Spot notice):
 * the runner must commit and exit 3, and the next run finishes the job. C1-C6 on the result.
 */
class ChaosBrokerIT {
    private static final int RATE = 5_000;

    @TempDir
    static Path clusterDir;
    private static KafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaCluster.start(clusterDir, 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void leaderKillCoordinatorKillAndRollingRestartLoseNothing() throws Exception {
        ChaosRounds.run("chaos-broker", this::round);
    }

    private void round(String name, long seed) throws Exception {
        Random random = new Random(seed);
        // more rows than the faults take to inject at RATE rows/s; the rest is sent unthrottled after SIGTERM
        CsvData data = CsvData.generate(750_000, seed);
        Path file = data.write(dir, name + ".csv");
        cluster.createTopic(name, 1);
        String bootstrap = cluster.bootstrapServers();
        Path checkpoints = dir.resolve("checkpoints");
        CheckpointReader checkpoint = CheckpointReader.directory(checkpoints, name);
        List<String> base = List.of("run", "--source", file.toString(), "--topic", name, "--job-id", name,
                "--format", "csv", "--bootstrap-servers", bootstrap, "--checkpoint-dir", checkpoints.toString(),
                "--transaction-rows", "2000");
        List<String> throttled = new ArrayList<>(base);
        throttled.addAll(List.of("--max-rows-per-second", Integer.toString(RATE)));
        Faults faults = new Faults();
        try (PrefixReader reader = PrefixReader.start(bootstrap, name, data.rows, checkpoint);
             Admin admin = Admin.create(adminProps(bootstrap))) {
            Processor p = Processor.start(dir, Map.of(), throttled.toArray(String[]::new));
            try {
                assertThat(reader.awaitSeen(2000, Duration.ofSeconds(90))).as(p.output()).isTrue();

                int leader = leader(admin, name);
                pause(random);
                faults.injected(reader, "leader-kill");
                cluster.killBroker(leader);
                Thread.sleep(2000 + random.nextInt(3000));
                cluster.restartBroker(leader);
                requireAlive(p, "after the leader's kill and restart");

                pause(random);
                // the processor's transactional id is csv-to-kafka-<job id>
                int coordinator = coordinator(admin, "csv-to-kafka-" + name);
                faults.injected(reader, "coordinator-kill");
                cluster.killBroker(coordinator);
                Thread.sleep(2000 + random.nextInt(3000));
                cluster.restartBroker(coordinator);
                requireAlive(p, "after the transaction coordinator's kill and restart");

                // clean restarts (controlled shutdown hands leadership off first), one broker after the other
                for (int id : cluster.brokerIds()) {
                    pause(random);
                    faults.injected(reader, "rolling-" + id);
                    cluster.restartBroker(id);
                    requireAlive(p, "after the rolling restart of broker " + id);
                }

                long before = reader.seen();
                assertThat(reader.awaitSeen(before + 1000, Duration.ofSeconds(60)))
                        .as("still committing after all faults:\n%s", p.output()).isTrue();
                faults.injected(reader, "sigterm");
                p.sigterm();
                Processor.Result stopped = p.await(120);
                assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(3);
            } finally {
                if (p.alive()) {
                    p.kill9(); // a failed assertion must not leave the runner behind
                }
            }

            Processor.Result last = Processor.run(dir, Map.of(), 180, base.toArray(String[]::new));
            long done = System.nanoTime();
            assertThat(last.exitCode()).as(last.output()).isZero();
            assertThat(last.events().resumedFromKafka()).as(last.events().toString()).isTrue();
            assertThat(reader.awaitSeen(data.rows.size(), Duration.ofSeconds(60))).isTrue();
            reader.close();
            List<Topic.Rec> records = Topic.readCommitted(bootstrap, name, 0);
            Checker.Verdict verdict = Checker.check(records, data.rows, reader.samples(), checkpoint.read(), true, reader);
            ChaosResults.record("broker", faults.count(), verdict, faults.slowestRecoveryNanos(reader, done));
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
        }
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

    private static int leader(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return d.partitions().get(0).leader().id();
    }

    private static int coordinator(Admin admin, String transactionalId) throws Exception {
        return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get().coordinatorId();
    }
}
