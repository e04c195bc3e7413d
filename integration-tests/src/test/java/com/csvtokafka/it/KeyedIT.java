package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.localstack.KafkaCluster;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyed mode on a real three-broker cluster (replication factor 3): rows spread over 6 partitions by a key column,
 * by 1 and 3 lanes, through kill -9 at random moments, a broker bounce, SIGTERM and skewed keys. Each partition must
 * hold exactly the rows Kafka's own default partitioner puts there (computed here with Kafka's
 * BuiltInPartitioner, see {@link KeyedRows}, not the processor's code), once each, in file order — which is every key's order.
 */
class KeyedIT {
    private static final int PARTITIONS = 6;

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
    void threeLanesKilledAtRandomMomentsThenResumedEveryKeyInOrder() throws Exception {
        CsvData data = customers(300_000, 1_000, 21);
        Path file = data.write(dir, "kill.csv");
        cluster.createTopic("keyed-kill", PARTITIONS);
        String[] args = args(file, "keyed-kill", "keyed-kill", "--lanes", "3", "--transaction-rows", "5000",
                "--max-rows-per-second", "60000");
        Random random = new Random(5);
        int kills = 0;
        for (int i = 0; i < 5; i++) {
            Processor p = Processor.start(dir, Map.of(), args);
            if (!p.awaitEvent("resumed", 60)) {
                break;
            }
            Thread.sleep(300 + random.nextInt(2500));
            if (!p.alive()) {
                break;
            }
            p.kill9();
            kills++;
        }
        Processor.Result last = Processor.run(dir, Map.of(), 180, args);
        assertThat(last.exitCode()).as(last.output()).isZero();
        assertThat(kills).isGreaterThanOrEqualTo(2);
        assertEveryKeyInOrder("keyed-kill", data);
        Processor.Result verify = Processor.run(dir, Map.of(), 120, "verify", "--source", file.toString(), "--topic",
                "keyed-kill", "--partitions", "all", "--key", "column:customer", "--format", "csv",
                "--bootstrap-servers", cluster.bootstrapServers());
        assertThat(verify.exitCode()).as(verify.output()).isZero();
    }

    @Test
    void oneLaneSigtermCommitsExitsThreeResumesAndAnotherLaneCountIsRefused() throws Exception {
        CsvData data = customers(400_000, 50, 22);
        Path file = data.write(dir, "term.csv");
        cluster.createTopic("keyed-term", PARTITIONS);
        Processor p = Processor.start(dir, Map.of(), args(file, "keyed-term", "keyed-term", "--lanes", "1",
                "--max-rows-per-second", "100000"));
        assertThat(p.awaitEvent("committed", 60)).as(p.output()).isTrue();
        Thread.sleep(500);
        assertThat(p.alive()).as("still sending when signalled").isTrue();
        p.sigterm();
        Processor.Result stopped = p.await(120);
        assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(3);
        JsonNode stop = stopped.events().first("stopped").orElseThrow(() -> new AssertionError(stopped.output()));
        assertThat(stop.path("committed").asBoolean()).isTrue();
        long committed = 0;
        for (int i = 0; i < PARTITIONS; i++) {
            committed += Topic.readCommitted(cluster.bootstrapServers(), "keyed-term", i).size();
        }
        assertThat(stop.path("at").path("sent").asLong()).as("the stop's position counts what is committed")
                .isEqualTo(committed);

        Processor.Result otherLanes = Processor.run(dir, Map.of(), 60, args(file, "keyed-term", "keyed-term",
                "--lanes", "2"));
        assertThat(otherLanes.exitCode()).as(otherLanes.output()).isEqualTo(2);
        assertThat(otherLanes.events().failure()).contains("--lanes was 1, now 2");

        Processor.Result resumed = Processor.run(dir, Map.of(), 180, args(file, "keyed-term", "keyed-term"));
        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        assertThat(resumed.events().resumedFromKafka()).isTrue();
        assertThat(resumed.events().resumedAt().orElseThrow().path("sent").asLong()).isEqualTo(committed);
        assertEveryKeyInOrder("keyed-term", data);
    }

    @Test
    void aBrokerBounceDuringAKeyedRunLosesNothing() throws Exception {
        CsvData data = customers(400_000, 300, 23);
        Path file = data.write(dir, "bounce.csv");
        cluster.createTopic("keyed-bounce", PARTITIONS);
        Processor p = Processor.start(dir, Map.of(), args(file, "keyed-bounce", "keyed-bounce", "--lanes", "3",
                "--max-rows-per-second", "50000"));
        try {
            assertThat(p.awaitEvent("committed", 60)).as(p.output()).isTrue();
            int leader = leaderOfPartitionZero("keyed-bounce");
            cluster.killBroker(leader);
            Thread.sleep(3000);
            cluster.restartBroker(leader);
            Processor.Result done = p.await(240);
            assertThat(done.exitCode()).as(done.output()).isZero();
        } finally {
            if (p.alive()) {
                p.kill9();
            }
        }
        assertEveryKeyInOrder("keyed-bounce", data);
    }

    /**
     * One partition gets one row in 100,000: its lane's anchors stay far behind. The checkpoint's mark keeps each
     * restart from re-reading from that old anchor: a run resumes no earlier than the last mark the run before it saved.
     */
    @Test
    void skewedKeysRestartFromTheMarkNotFromTheRarePartitionsOldAnchor() throws Exception {
        List<String> rows = new ArrayList<>();
        String rare = keyIn(5, "rare-");
        List<String> common = new ArrayList<>();
        for (int i = 0; common.size() < 200; i++) {
            String key = "k" + i;
            if (partitionOf(key) != 5) {
                common.add(key);
            }
        }
        Random random = new Random(24);
        for (int i = 1; i <= 400_000; i++) {
            String key = i % 100_000 == 1 ? rare : common.get(random.nextInt(common.size()));
            rows.add(i + "," + key + ",note " + i);
        }
        CsvData data = CsvData.of("id,customer,note", rows, "\n", true);
        Path file = data.write(dir, "skew.csv");
        cluster.createTopic("keyed-skew", PARTITIONS);
        String[] args = args(file, "keyed-skew", "keyed-skew", "--lanes", "3", "--transaction-rows", "5000",
                "--transaction-ms", "300", "--max-rows-per-second", "40000");
        long lastMark = 0;
        int restarts = 0;
        for (int i = 0; i < 4; i++) {
            Processor p = Processor.start(dir, Map.of(), args);
            if (!p.awaitEvent("resumed", 60)) {
                break;
            }
            long resumedAt = p.events().resumedAt().orElseThrow().path("offset").asLong();
            assertThat(resumedAt).as("run %d resumes at or after the mark the run before saved", i)
                    .isGreaterThanOrEqualTo(lastMark);
            if (!p.awaitCondition(() -> p.events().count("checkpoint_saved") >= 3, 60) || !p.alive()) {
                p.await(120);
                break;
            }
            p.kill9();
            restarts++;
            lastMark = p.events().last("checkpoint_saved").orElseThrow().path("at").path("offset").asLong();
        }
        assertThat(restarts).isGreaterThanOrEqualTo(2);
        assertThat(lastMark).as("the mark moved although partition 5 got almost nothing").isPositive();
        Processor.Result last = Processor.run(dir, Map.of(), 180, args);
        assertThat(last.exitCode()).as(last.output()).isZero();
        assertEveryKeyInOrder("keyed-skew", data);
        assertThat(Topic.readCommitted(cluster.bootstrapServers(), "keyed-skew", 5)).hasSize(4);
    }

    private String[] args(Path file, String topic, String job, String... extra) {
        List<String> a = new ArrayList<>(List.of("run", "--source", file.toString(), "--topic", topic, "--job-id", job,
                "--format", "csv", "--partitions", "all", "--key", "column:customer", "--bootstrap-servers",
                cluster.bootstrapServers(), "--checkpoint-dir", dir.resolve("checkpoints").toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static CsvData customers(int count, int customers, long seed) {
        return KeyedRows.customers(count, customers, seed);
    }

    private static int partitionOf(String key) {
        return KeyedRows.partitionOf(key, PARTITIONS);
    }

    private static String keyIn(int partition, String prefix) {
        for (int i = 0; ; i++) {
            if (partitionOf(prefix + i) == partition) {
                return prefix + i;
            }
        }
    }

    private static void assertEveryKeyInOrder(String topic, CsvData data) {
        KeyedRows.assertEveryKeyInOrder(cluster.bootstrapServers(), topic, PARTITIONS, data.rows);
    }

    private static int leaderOfPartitionZero(String topic) throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", cluster.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return d.partitions().get(0).leader().id();
        }
    }
}
