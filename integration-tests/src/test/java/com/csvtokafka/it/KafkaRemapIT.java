package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --source kafka://… --partitions}: a 3-partition topic on one cluster (keys repeating over many records,
 * a fifth of them null, aborted transactions between committed ones) remapped by key into 5 and into 2 partitions of
 * another cluster. Every committed source record is in the target exactly once, byte for byte, in the partition
 * Kafka's default partitioner gives its key (a keyless record: its source partition modulo the count), each key's
 * records in source order — plainly and after kill -9, also from partitions whose log starts past offset 0 — and
 * {@code verify --source} agrees.
 */
class KafkaRemapIT {
    @TempDir
    Path dir;

    private String[] args(SourceTopic source, String target, String job, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--source", source.uri(), "--bootstrap-servers",
                SharedStack.bootstrap(), "--topic", target, "--job-id", job, "--checkpoint-dir",
                dir.resolve("checkpoints").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void threeSourcePartitionsRemappedIntoFiveByKeyHoldEveryRecordOnceInItsKeysPartitionAndOrder() throws Exception {
        SourceTopic source = SourceTopic.create(SecondCluster.get(), "k2k-remap-5", 3, 21).append(2_000);
        assertThat(source.abortedTransactions()).as("aborted transactions in the source").isPositive();
        SharedStack.get().kafka().createTopic("k2k-remap-5-copy", 5);
        String[] args = args(source, "k2k-remap-5-copy", "k2k-remap-5", "--partitions", "all", "--lanes", "2",
                "--transaction-rows", "300");

        Processor.Result run = Processor.run(dir, Map.of(), 120, args);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertRemapped(source, Map.of(), "k2k-remap-5-copy", 5);
        assertThat(run.events().count("completed")).as("one keyed job, not a copy per partition").isEqualTo(1);
        assertVerifies(source, source.committedCount(), "k2k-remap-5-copy");
        Processor.Result status = Processor.run(dir, Map.of(), 60, "status", "--job-id", "k2k-remap-5", "--json",
                "--checkpoint-dir", dir.resolve("checkpoints").toString());
        assertThat(status.exitCode()).as(status.output()).isZero();
        JsonNode view = new ObjectMapper().readTree(status.stdout());
        assertThat(view.path("status").asText()).as(status.stdout()).isEqualTo("COMPLETED");
        assertThat(view.path("records_sent").asLong()).as(status.stdout()).isEqualTo(source.committedCount());

        Processor.Result again = Processor.run(dir, Map.of(), 60, args);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.events().has("committed")).as("a completed job sends nothing").isFalse();
        assertRemapped(source, Map.of(), "k2k-remap-5-copy", 5);

        Processor.Result unmapped = Processor.run(dir, Map.of(), 60, args(source, "k2k-remap-5-copy", "k2k-remap-5"));
        assertThat(unmapped.exitCode()).as(unmapped.output()).isEqualTo(2);
        assertThat(unmapped.events().failure()).contains("was started to remap its source by key")
                .contains("--partitions");
    }

    @Test
    void killedAtRandomMomentsThenResumedARemapIntoTwoPartitionsHoldsEveryRecordOnce() throws Exception {
        SourceTopic source = SourceTopic.create(SecondCluster.get(), "k2k-remap-kill", 3, 22).append(3_000);
        // partitions 0 and 1 start past offset 0 (retention): each input starts at its own first offset
        Map<Integer, Long> logStarts = Map.of(0, source.committed(0).get(10).offset(), 1,
                source.committed(1).get(10).offset());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", source.bootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition(source.name(), 0), RecordsToDelete.beforeOffset(
                    logStarts.get(0)), new TopicPartition(source.name(), 1), RecordsToDelete.beforeOffset(
                    logStarts.get(1)))).all().get();
        }
        // --create-topic: a list's highest partition + 1, here 2 partitions
        // slow enough that the killed runs (each at most about 3 s of copying) cannot finish the job together
        String[] args = args(source, "k2k-remap-kill-copy", "k2k-remap-kill", "--partitions", "0-1",
                "--create-topic", "--transaction-rows", "100", "--max-rows-per-second", "300");
        List<String> killed = Processor.killedRuns(dir, Map.of(), args, 2, "committed", new Random(22));
        StringBuilder runs = new StringBuilder(String.join("\n", killed)).append('\n');
        Processor.Result last = Processor.run(dir, Map.of(), 180, args(source, "k2k-remap-kill-copy",
                "k2k-remap-kill", "--partitions", "0-1", "--transaction-rows", "100"));
        runs.append("last run: ").append(last.events().describe("resumed", "committed"));

        assertThat(last.exitCode()).as(last.output()).isZero();
        assertThat(killed).hasSize(2);
        assertThat(last.events().resumedFromKafka()).as("the last run resumed from the target's anchors\n%s", runs)
                .isTrue();
        try {
            assertRemapped(source, logStarts, "k2k-remap-kill-copy", 2);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + runs, e);
        }
        assertVerifies(source, source.committedCount() - 20, "k2k-remap-kill-copy");
    }

    /**
     * Every committed record of {@code source} (from each partition's log start, default 0) is in {@code target}
     * exactly once (found by its provenance headers), as it is (key, value, timestamp, the source's headers, ours
     * only after them), in the partition of its key
     * (Kafka's default partitioner over {@code partitions}; without a key, its source partition modulo the count);
     * each key's records (a keyless record's: its source partition's) in source order, partition after partition.
     */
    private static void assertRemapped(SourceTopic source, Map<Integer, Long> logStarts, String target,
                                       int partitions) {
        Map<String, SourceTopic.Rec> committed = new HashMap<>();
        for (int p = 0; p < source.partitions(); p++) {
            long logStart = logStarts.getOrDefault(p, 0L);
            source.committed(p).stream().filter(r -> r.offset() >= logStart)
                    .forEach(r -> committed.put(r.partition() + "/" + r.offset(), r));
        }
        Map<String, Integer> copies = new HashMap<>();
        int found = 0;
        for (int q = 0; q < partitions; q++) {
            Map<Object, long[]> lastOfKey = new HashMap<>();
            for (SourceTopic.Rec got : SourceTopic.readCommitted(SharedStack.bootstrap(), target, q)) {
                found++;
                int p = Integer.parseInt(header(got, "src.partition"));
                long offset = Long.parseLong(header(got, "src.offset"));
                SourceTopic.Rec want = committed.get(p + "/" + offset);
                assertThat(want).as("target partition %d offset %d names source record %d/%d, a committed one", q,
                        got.offset(), p, offset).isNotNull();
                assertThat(copies.merge(p + "/" + offset, 1, Integer::sum)).as("copies of source record %d/%d", p,
                        offset).isEqualTo(1);
                assertThat(SourceTopic.withoutOwnHeaders(got, want.headers().size()).sameContent(want))
                        .as("target partition %d offset %d copies %s%n  as %s", q, got.offset(), want, got).isTrue();
                int expected = want.key() == null ? p % partitions
                        : Utils.toPositive(Utils.murmur2(want.key())) % partitions;
                assertThat(q).as("the partition of source record %d/%d", p, offset).isEqualTo(expected);
                Object key = want.key() == null ? "no key, source partition " + p : ByteBuffer.wrap(want.key());
                long[] before = lastOfKey.put(key, new long[] {p, offset});
                assertThat(before == null || before[0] < p || (before[0] == p && before[1] < offset))
                        .as("source record %d/%d comes after %s/%s of its key in target partition %d", p, offset,
                                before == null ? "-" : before[0], before == null ? "-" : before[1], q).isTrue();
            }
        }
        assertThat(found).as("records in the target").isEqualTo(committed.size());
    }

    /** {@code verify --source} matches the remapped copy through its provenance: exit 0, mapping "key". */
    private void assertVerifies(SourceTopic source, int records, String target) throws Exception {
        Processor.Result r = Processor.run(dir, SharedStack.environment(), 120, "verify", "--json", "--source",
                source.uri(), "--bootstrap-servers", SharedStack.bootstrap(), "--topic", target);
        assertThat(r.exitCode()).as(r.output() + "\n" + r.stdout()).isZero();
        JsonNode report = new ObjectMapper().readTree(r.stdout());
        assertThat(report.path("mapping").asText()).isEqualTo("key");
        assertThat(report.path("source_records").asLong()).isEqualTo(records);
    }

    /** The value of the last header named {@code name}: ours come after the source's look-alikes. */
    private static String header(SourceTopic.Rec r, String name) {
        Header last = null;
        for (Header h : r.headers()) {
            if (h.key().equals(name)) {
                last = h;
            }
        }
        assertThat(last).as("%s has a %s header", r, name).isNotNull();
        return new String(last.value(), StandardCharsets.UTF_8);
    }
}
