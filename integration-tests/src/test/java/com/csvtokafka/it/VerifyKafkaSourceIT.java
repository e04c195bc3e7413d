package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.position.AnchorCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --source kafka://…} on two real clusters: a 3-partition source with aborted transactions on the
 * second cluster, copies of it on the shared one made here by a plain consumer → producer (the copier's provenance
 * and anchor headers appended). A faithful copy verifies; each tampered copy fails naming the first diverging source
 * offset and what differs; a copy remapped by key is checked through its provenance headers, and refused without them.
 */
class VerifyKafkaSourceIT {
    private static SourceTopic source;

    @TempDir
    Path dir;

    /** One record of a copy: the source record as copied, and whether our provenance headers follow its own. */
    private record Copy(SourceTopic.Rec rec, boolean provenance) {
        Copy with(SourceTopic.Rec changed) {
            return new Copy(changed, provenance);
        }
    }

    @BeforeAll
    static void fillSource() {
        source = SourceTopic.create(SecondCluster.get(), "verify-kafka-src-" + System.nanoTime(), 3, 11).append(600);
    }

    /** The faithful copy, partition p to p, with provenance headers: what the tests tamper with. */
    private static List<List<Copy>> faithful() {
        List<List<Copy>> copy = new ArrayList<>();
        for (int p = 0; p < source.partitions(); p++) {
            copy.add(new ArrayList<>(source.committed(p).stream().map(r -> new Copy(r, true)).toList()));
        }
        return copy;
    }

    /** Writes {@code copy} into a new topic of the shared cluster, partition i of the list to partition i. */
    private static String write(List<List<Copy>> copy) {
        String topic = "verify-kafka-copy-" + System.nanoTime();
        SharedStack.get().kafka().createTopic(topic, copy.size());
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(null))) {
            for (int p = 0; p < copy.size(); p++) {
                List<Copy> records = copy.get(p);
                for (int i = 0; i < records.size(); i++) {
                    acks.add(producer.send(record(topic, p, records.get(i), i == records.size() - 1 || i % 10 == 9)));
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(); // a copy that silently lost a record would fail the tests for the wrong reason
            }
        } catch (ExecutionException | InterruptedException e) {
            throw new IllegalStateException("writing the copy " + topic + " failed", e);
        }
        return topic;
    }

    /** The record as a copier writes it: the source's headers, then ours (provenance; an anchor every 10 records). */
    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, Copy copy, boolean anchor) {
        SourceTopic.Rec r = copy.rec();
        List<Header> headers = new ArrayList<>(r.headers());
        if (copy.provenance()) {
            headers.add(new RecordHeader(AnchorCodec.SRC_TOPIC, utf8(source.name())));
            headers.add(new RecordHeader(AnchorCodec.SRC_PARTITION, utf8(Integer.toString(r.partition()))));
            headers.add(new RecordHeader(AnchorCodec.SRC_OFFSET, utf8(Long.toString(r.offset()))));
        }
        if (anchor) {
            headers.add(new RecordHeader(AnchorCodec.ANCHOR, utf8("2")));
            headers.add(new RecordHeader(AnchorCodec.JOB, utf8("copy")));
            headers.add(new RecordHeader(AnchorCodec.INPUT, utf8(Integer.toString(r.partition()))));
            headers.add(new RecordHeader(AnchorCodec.NEXT, utf8(Long.toString(r.offset() + 1))));
        }
        return new ProducerRecord<>(topic, partition, r.timestamp(), r.key(), r.value(), headers);
    }

    private static Properties producerProperties(String transactionalId) {
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedStack.bootstrap());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        if (transactionalId != null) {
            p.put("transactional.id", transactionalId);
        } else {
            // no producer sequence numbers: a brand-new topic's first batches failed here now and then with
            // OutOfOrderSequenceException until they expired; one request in flight keeps the order instead
            p.put("enable.idempotence", "false");
            p.put("max.in.flight.requests.per.connection", "1");
            p.put("acks", "all");
        }
        return p;
    }

    private record Verified(int exitCode, JsonNode report, String output) {
        JsonNode partition(int p) {
            return report.path("partitions").get(p);
        }

        JsonNode firstDivergence(int p) {
            assertThat(partition(p).has("first_divergence")).as("partition %d diverges in %s", p, report).isTrue();
            return partition(p).path("first_divergence");
        }

        List<String> what(int p) {
            List<String> what = new ArrayList<>();
            firstDivergence(p).path("what").forEach(w -> what.add(w.asText()));
            return what;
        }
    }

    private Verified verify(String topic) throws Exception {
        Processor.Result r = Processor.run(dir, SharedStack.environment(), 120, "verify", "--json", "--source",
                source.uri(), "--bootstrap-servers", SharedStack.bootstrap(), "--topic", topic);
        JsonNode report = r.exitCode() == 2 ? null : new ObjectMapper().readTree(r.stdout());
        return new Verified(r.exitCode(), report, r.output() + "\n" + r.stdout());
    }

    /** A tampered copy: exit 1, every other partition equal, partition p naming the source offset and what differs. */
    private void assertDiverges(Consumer<List<List<Copy>>> tamper, int p, long sourceOffset, String... what)
            throws Exception {
        List<List<Copy>> copy = faithful();
        tamper.accept(copy);
        Verified r = verify(write(copy));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.report().path("verdict").asText()).isEqualTo("MISMATCH");
        assertThat(r.firstDivergence(p).path("source_offset").asLong()).as(r.output()).isEqualTo(sourceOffset);
        assertThat(r.what(p)).as(r.output()).containsExactly(what);
        assertThat(r.partition(p).path("digest_equal").asBoolean()).isFalse();
        for (int other = 0; other < source.partitions(); other++) {
            if (other != p) {
                assertThat(r.partition(other).has("first_divergence")).as(r.output()).isFalse();
                assertThat(r.partition(other).path("digest_equal").asBoolean()).isTrue();
            }
        }
    }

    private static long offset(int partition, int index) {
        return source.committed(partition).get(index).offset();
    }

    private static SourceTopic.Rec changed(SourceTopic.Rec r, byte[] value, List<Header> headers, long timestamp) {
        return new SourceTopic.Rec(r.partition(), r.offset(), r.key(), value, headers, timestamp);
    }

    @Test
    void aFaithfulCopyVerifies() throws Exception {
        Verified r = verify(write(faithful()));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.report().path("verdict").asText()).isEqualTo("OK");
        assertThat(r.report().path("mapping").asText()).isEqualTo("partition");
        assertThat(r.report().path("source_records").asLong()).isEqualTo(source.committedCount());
        for (int p = 0; p < source.partitions(); p++) {
            assertThat(r.partition(p).path("source_records").asLong()).isEqualTo(source.committed(p).size());
            assertThat(r.partition(p).path("target_records").asLong()).isEqualTo(source.committed(p).size());
            assertThat(r.partition(p).path("digest_equal").asBoolean()).isTrue();
        }
        assertThat(r.report().path("problems")).isEmpty();
    }

    @Test
    void aCopyWithOnlyAnchorsOfOursVerifies() throws Exception {
        List<List<Copy>> copy = faithful();
        copy.replaceAll(records -> records.stream().map(c -> new Copy(c.rec(), false)).toList());

        Verified r = verify(write(copy));

        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void aMissingRecordNamesItsSourceOffset() throws Exception {
        assertDiverges(copy -> copy.get(1).remove(100), 1, offset(1, 100), "missing");
    }

    @Test
    void anExtraRecordNamesTheSourceOffsetItPrecedes() throws Exception {
        SourceTopic.Rec stranger = changed(source.committed(2).get(10), utf8("not in the source"), List.of(), 42);
        assertDiverges(copy -> copy.get(2).add(50, new Copy(stranger, false)), 2, offset(2, 50), "extra");
    }

    @Test
    void aDuplicateIsReported() throws Exception {
        assertDiverges(copy -> copy.get(0).add(31, copy.get(0).get(30)), 0, offset(0, 31), "duplicate");
    }

    @Test
    void aChangedValueIsReported() throws Exception {
        assertDiverges(copy -> {
            Copy c = copy.get(0).get(70);
            copy.get(0).set(70, c.with(changed(c.rec(), utf8("changed"), c.rec().headers(), c.rec().timestamp())));
        }, 0, offset(0, 70), "value");
    }

    @Test
    void reorderedHeadersAreReported() throws Exception {
        List<SourceTopic.Rec> p1 = source.committed(1);
        int at = 0;
        while (!distinctHeaders(p1.get(at).headers())) {
            at++;
        }
        int index = at;
        assertDiverges(copy -> {
            Copy c = copy.get(1).get(index);
            List<Header> swapped = new ArrayList<>(c.rec().headers());
            swapped.add(0, swapped.remove(swapped.size() - 1));
            copy.get(1).set(index, c.with(changed(c.rec(), c.rec().value(), swapped, c.rec().timestamp())));
        }, 1, offset(1, index), "headers");
    }

    @Test
    void aChangedTimestampIsReported() throws Exception {
        assertDiverges(copy -> {
            Copy c = copy.get(2).get(5);
            copy.get(2).set(5, c.with(changed(c.rec(), c.rec().value(), c.rec().headers(), c.rec().timestamp() + 1)));
        }, 2, offset(2, 5), "timestamp");
    }

    @Test
    void aCopyOfOtherPartitionCountsWithoutProvenanceIsRefused() throws Exception {
        List<List<Copy>> two = List.of(new ArrayList<>(), new ArrayList<>());
        for (List<Copy> records : faithful()) {
            records.forEach(c -> two.get(c.rec().partition() % 2).add(new Copy(c.rec(), false)));
        }

        Verified r = verify(write(two));

        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("the source has 3 partitions, the target 2").contains("src.partition/src.offset")
                .contains("--headers row");
    }

    @Test
    void aCopyRemappedByKeyVerifiesThroughItsProvenance() throws Exception {
        Verified r = verify(write(remapped()));

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.report().path("mapping").asText()).isEqualTo("key");
        for (int p = 0; p < source.partitions(); p++) {
            assertThat(r.partition(p).path("target_records").asLong()).isEqualTo(source.committed(p).size());
        }
    }

    @Test
    void aRemappedCopyThatBreaksAKeysOrderIsReported() throws Exception {
        List<List<Copy>> copy = remapped();
        List<Copy> target = copy.get(0);
        int first = 0;
        while (target.get(first).rec().key() == null || indexOfNextSameKey(target, first) < 0) {
            first++;
        }
        int second = indexOfNextSameKey(target, first);
        Copy a = target.get(first);
        target.set(first, target.get(second));
        target.set(second, a);

        Verified r = verify(write(copy));

        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        int p = a.rec().partition();
        assertThat(r.firstDivergence(p).path("source_offset").asLong()).as(r.output()).isEqualTo(a.rec().offset());
        assertThat(r.what(p)).containsExactly("order");
    }

    @Test
    void aPrefixWhileACopyIsWritingIsIncomplete() throws Exception {
        List<List<Copy>> copy = faithful();
        copy.replaceAll(records -> new ArrayList<>(records.subList(0, 100)));
        String topic = write(copy);
        try (KafkaProducer<byte[], byte[]> writing = new KafkaProducer<>(producerProperties("verify-open-" + topic))) {
            writing.initTransactions();
            writing.beginTransaction();
            for (int p = 0; p < source.partitions(); p++) {
                writing.send(record(topic, p, new Copy(source.committed(p).get(100), true), false));
            }
            writing.flush();

            Verified r = verify(topic);

            assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
            assertThat(r.report().path("verdict").asText()).as(r.output()).isEqualTo("INCOMPLETE");
            assertThat(r.report().path("running").asText()).contains("RUNNING");
            assertThat(r.what(0)).containsExactly("missing");
            assertThat(r.firstDivergence(0).path("source_offset").asLong()).isEqualTo(offset(0, 100));
            writing.abortTransaction();
        }
    }

    /** The faithful copy remapped by key into 2 partitions with Kafka's partitioner (null keys: by source partition). */
    private static List<List<Copy>> remapped() {
        List<List<Copy>> two = List.of(new ArrayList<>(), new ArrayList<>());
        for (List<Copy> records : faithful()) {
            for (Copy c : records) {
                byte[] key = c.rec().key();
                two.get(key == null ? c.rec().partition() % 2 : Utils.toPositive(Utils.murmur2(key)) % 2).add(c);
            }
        }
        return two;
    }

    private static int indexOfNextSameKey(List<Copy> records, int from) {
        for (int i = from + 1; i < records.size(); i++) {
            if (Arrays.equals(records.get(i).rec().key(), records.get(from).rec().key())
                    && records.get(i).rec().partition() == records.get(from).rec().partition()) {
                return i;
            }
        }
        return -1;
    }

    private static boolean distinctHeaders(List<Header> headers) {
        return headers.size() >= 2 && !headers.get(0).key().equals(headers.get(headers.size() - 1).key());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
