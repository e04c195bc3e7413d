package com.csvtokafka.transfer;

import static com.csvtokafka.transfer.MockKafka.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.Shard;
import com.csvtokafka.shard.ShardPlan;
import com.csvtokafka.shard.ShardedJob;
import com.csvtokafka.source.Source;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards through the real engine against Kafka's mocks: each shard's partition holds exactly its rows, in order. */
class ShardEngineTest {
    private static final CsvDialect DIALECT = CsvDialect.of(',', '"', StandardCharsets.UTF_8, true);

    @TempDir
    Path dir;

    private final List<JobEvent> events = new ArrayList<>();

    private JobConfig config(String source, String shard, String partitions) {
        return TestJobs.job(source, "big").headers(JobConfig.HeadersMode.ALL).dialect(DIALECT).transactionMaxRows(3)
                .partitions(partitions == null ? null : PartitionList.parse(partitions)).shard(Shard.parse(shard))
                .build();
    }

    private Outcome run(JobConfig config, CheckpointStore store, MockKafka kafka) throws Exception {
        try (Source source = Source.of(config.sourceUri(), null, null, null)) {
            return new ShardedJob(config, source, store, kafka, new StopSignal(), events::add).run();
        }
    }

    /** The file's data rows as {@code row|offset|bytes}, framed whole. */
    private static List<String> fileRows(byte[] bytes) throws Exception {
        List<String> rows = new ArrayList<>();
        try (RowFramer framer = new RowFramer(new ByteArrayInputStream(bytes), 0, 0, DIALECT, 1 << 20)) {
            Row row = new Row();
            while (framer.next(row)) {
                if (row.number() > 0) {
                    rows.add(row.number() + "|" + row.offset() + "|" + new String(row.copyBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return rows;
    }

    /** A partition's records as {@code row|offset|bytes} from their csv.row and csv.offset headers. */
    private static List<String> partitionRows(MockKafka kafka, int partition) {
        return kafka.committed(TOPIC, partition).stream().map(ShardEngineTest::describe).toList();
    }

    private static String describe(ProducerRecord<byte[], byte[]> r) {
        return AnchorCodec.string(r.headers(), AnchorCodec.ROW).orElseThrow() + "|"
                + AnchorCodec.string(r.headers(), "csv.offset").orElseThrow() + "|"
                + new String(r.value(), StandardCharsets.UTF_8);
    }

    @Test
    void fourShardsOfOneFileEachWriteTheirByteRangeInFileOrderAndTogetherEveryRowOnce() throws Exception {
        StringBuilder csv = new StringBuilder("id,text\r\n");
        for (int i = 1; i <= 60; i++) {
            csv.append(i).append(i % 5 == 0 ? ",\"a\nquoted\r\nfield, " + i + "\"" : ",plain " + i).append("\r\n");
        }
        Path file = Files.writeString(dir.resolve("big.csv"), csv, StandardCharsets.UTF_8);
        List<String> expected = fileRows(Files.readAllBytes(file));
        MockKafka kafka = new MockKafka();
        kafka.partitions = 6;
        AtomicInteger commits = new AtomicInteger();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            for (int shard : new int[] {2, 0, 3, 1}) {
                if (shard == 3) { // an unknown commit outcome in the middle of shard 3: retried from Kafka's tail
                    commits.set(0);
                    kafka.beforeCommit = () -> {
                        if (commits.incrementAndGet() == 2) {
                            throw new TimeoutException("Timeout expired while awaiting EndTxn(COMMIT)");
                        }
                    };
                } else {
                    kafka.beforeCommit = () -> { };
                }
                assertThat(run(config(file.toString(), shard + "/4", "2-5"), store, kafka)).isEqualTo(Outcome.COMPLETED);
                assertThat(store.load("big." + shard).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
            }
            ShardPlan plan = ShardPlan.decode(store.loadInputs("big").orElseThrow());
            assertThat(plan.count()).isEqualTo(4);
            assertThat(plan.splits()).hasSize(3);

            List<String> all = new ArrayList<>();
            for (int shard = 0; shard < 4; shard++) {
                List<String> rows = partitionRows(kafka, 2 + shard);
                assertThat(rows).as("shard %d", shard).isNotEmpty();
                long from = shard == 0 ? 0 : plan.splits().get(shard - 1).offset();
                long to = shard == 3 ? Long.MAX_VALUE : plan.splits().get(shard).offset();
                assertThat(rows).isEqualTo(expected.stream().filter(r -> {
                    long offset = Long.parseLong(r.split("\\|")[1]);
                    return offset >= from && offset < to;
                }).toList());
                all.addAll(rows);
            }
            assertThat(all).isEqualTo(expected);
            assertThat(partitionRows(kafka, 0)).isEmpty();
            assertThat(events.stream().filter(JobEvent.Retrying.class::isInstance)).hasSize(1);

            // a rerun of a shard sends nothing
            int before = kafka.committed(TOPIC).size();
            assertThat(run(config(file.toString(), "1/4", "2-5"), store, kafka)).isEqualTo(Outcome.COMPLETED);
            assertThat(kafka.committed(TOPIC)).hasSize(before);
        }
    }

    @Test
    void aSetIsSharedByWholeFilesAndAShardWithoutFilesCompletesWithNoRows() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.csv"), "id\n" + "1\n".repeat(30));
        Files.writeString(in.resolve("b.csv"), "id\n" + "2\n".repeat(10));
        MockKafka kafka = new MockKafka();
        kafka.partitions = 3;
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            for (int shard = 0; shard < 3; shard++) {
                assertThat(run(config(in + "/", shard + "/3", null), store, kafka)).isEqualTo(Outcome.COMPLETED);
            }
            assertThat(store.load("big.2").orElseThrow().totalSent()).isZero();
            assertThat(store.load("big.2").orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        }
        assertThat(kafka.committed(TOPIC, 0)).hasSize(30).allMatch(r -> describe(r).endsWith("|1"));
        assertThat(kafka.committed(TOPIC, 1)).hasSize(10).allMatch(r -> describe(r).endsWith("|2"));
        assertThat(kafka.committed(TOPIC, 1)).extracting(r -> AnchorCodec.string(r.headers(), AnchorCodec.ROW).orElseThrow())
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(kafka.committed(TOPIC, 2)).isEmpty();
    }

    @Test
    void fewerPartitionsThanShardsOrAnotherShardCountIsAUsageError() throws Exception {
        Path file = Files.writeString(dir.resolve("f.csv"), "id\n1\n2\n3\n");
        MockKafka kafka = new MockKafka();
        kafka.partitions = 3;
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThatThrownBy(() -> run(config(file.toString(), "0/4", null), store, kafka))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("needs 4 partitions")
                    .hasMessageContaining("gives 3");
            assertThatThrownBy(() -> run(config(file.toString(), "0/2", "0,7"), store, kafka))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("partition 7");
            assertThat(run(config(file.toString(), "0/2", null), store, kafka)).isEqualTo(Outcome.COMPLETED);
            assertThatThrownBy(() -> run(config(file.toString(), "1/3", null), store, kafka))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("planned for 2 shards");
        }
        assertThat(kafka.committed(TOPIC)).isNotEmpty();
    }
}
