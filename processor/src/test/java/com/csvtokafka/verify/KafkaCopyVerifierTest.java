package com.csvtokafka.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * How {@link KafkaCopyVerifier} tells a faithful copy from each kind of difference, on one source partition: which
 * headers are ours, what the first divergence is called, and a copy remapped by key checked by its provenance.
 * (Two real clusters: VerifyKafkaSourceIT.)
 */
class KafkaCopyVerifierTest {
    private static final TopicPartition SOURCE = new TopicPartition("src", 0);

    /** A record: its key (null for none), value, timestamp and headers as name, value pairs (value null: null). */
    private record Rec(String key, String value, long timestamp, String... headers) {
        Rec withHeaders(String... more) {
            String[] all = new String[headers.length + more.length];
            System.arraycopy(headers, 0, all, 0, headers.length);
            System.arraycopy(more, 0, all, headers.length, more.length);
            return new Rec(key, value, timestamp, all);
        }

        /** This record as copied from source offset {@code offset}, with our provenance after its headers. */
        Rec copiedFrom(long offset) {
            return withHeaders("src.topic", "src", "src.partition", "0", "src.offset", Long.toString(offset));
        }
    }

    private static final List<Rec> SOURCE_RECORDS = List.of(
            new Rec("a", "one", 10, "trace", "1"),
            new Rec(null, "two", 20),
            new Rec("a", "three", 30, "trace", "3", "csv.row", "ours?", "type", null),
            new Rec("b", "four", 40, "trace", "4", "csv.row", "theirs"),
            new Rec("a", "five", 50),
            new Rec("b", "six", 60, "h", "x", "h", "y"));

    private static MockConsumer<byte[], byte[]> consumer(String topic, List<List<Rec>> partitions) {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            all.add(new TopicPartition(topic, p));
        }
        consumer.assign(all);
        for (int p = 0; p < partitions.size(); p++) {
            TopicPartition tp = all.get(p);
            List<Rec> records = partitions.get(p);
            consumer.updateBeginningOffsets(Map.of(tp, 0L));
            consumer.updateEndOffsets(Map.of(tp, (long) records.size()));
            for (int i = 0; i < records.size(); i++) {
                Rec r = records.get(i);
                RecordHeaders headers = new RecordHeaders();
                for (int h = 0; h < r.headers().length; h += 2) {
                    headers.add(r.headers()[h], bytes(r.headers()[h + 1]));
                }
                consumer.addRecord(new ConsumerRecord<>(topic, p, i, r.timestamp(), TimestampType.CREATE_TIME, 0, 0,
                        bytes(r.key()), bytes(r.value()), headers, Optional.empty()));
            }
        }
        return consumer;
    }

    private static KafkaCopyReport verify(List<List<Rec>> target) {
        return new KafkaCopyVerifier(consumer("src", List.of(SOURCE_RECORDS)), consumer("copy", target))
                .verify(new KafkaCopyVerifier.Side("src", 1, Map.of()), new KafkaCopyVerifier.Side("copy", target.size(), Map.of()));
    }

    /** The faithful copy with {@code edit} applied, partition 0 to partition 0, with provenance and an anchor. */
    private static KafkaCopyReport.PartitionResult copy(java.util.function.Consumer<List<Rec>> edit) {
        List<Rec> copy = new ArrayList<>();
        for (int i = 0; i < SOURCE_RECORDS.size(); i++) {
            Rec r = SOURCE_RECORDS.get(i).copiedFrom(i);
            copy.add(i % 2 == 1 ? r.withHeaders("csv.anchor", "2", "csv.next", Long.toString(i + 1)) : r);
        }
        edit.accept(copy);
        KafkaCopyReport report = verify(List.of(copy));
        assertThat(report.mapping()).isEqualTo("partition");
        return report.partitions().get(0);
    }

    @Test
    void aFaithfulCopyIsEqualWhateverTheSourcesOwnHeadersLookLike() {
        KafkaCopyReport.PartitionResult r = copy(list -> { });
        assertThat(r.equal()).as("%s", r).isTrue();
        assertThat(r.sourceRecords()).isEqualTo(6);
        assertThat(r.targetRecords()).isEqualTo(6);
        assertThat(r.sourceSha256()).isEqualTo(r.targetSha256());
    }

    @Test
    void aCopyWithoutHeadersOfOursIsEqualToo() {
        KafkaCopyReport report = verify(List.of(SOURCE_RECORDS));
        assertThat(report.ok()).isTrue();
        assertThat(report.verdict(false)).isEqualTo("OK");
    }

    @Test
    void aSourceHeaderThatLooksLikeOursIsNeverCutFromTheMiddle() {
        KafkaCopyReport.PartitionResult r = copy(list -> list.set(2, new Rec("a", "three", 30, "trace", "3",
                "type", null).copiedFrom(2)));
        assertThat(r.first().sourceOffset()).isEqualTo(2);
        assertThat(r.first().what()).containsExactly("headers");
    }

    @Test
    void eachKindOfDifferenceNamesTheFirstDivergingSourceOffset() {
        assertThat(copy(list -> list.remove(3)).first()).satisfies(d -> {
            assertThat(d.sourceOffset()).isEqualTo(3);
            assertThat(d.what()).containsExactly("missing");
        });
        assertThat(copy(list -> list.add(2, new Rec("z", "stranger", 1))).first()).satisfies(d -> {
            assertThat(d.sourceOffset()).isEqualTo(2);
            assertThat(d.what()).containsExactly("extra");
        });
        assertThat(copy(list -> list.add(2, list.get(1))).first()).satisfies(d -> {
            assertThat(d.sourceOffset()).isEqualTo(2);
            assertThat(d.what()).containsExactly("duplicate");
        });
        assertThat(copy(list -> list.add(2, list.remove(3))).first()).satisfies(d -> {
            assertThat(d.sourceOffset()).isEqualTo(2);
            assertThat(d.what()).containsExactly("order");
        });
        assertThat(copy(list -> list.set(4, new Rec("a", "FIVE", 51).copiedFrom(4))).first()).satisfies(d -> {
            assertThat(d.sourceOffset()).isEqualTo(4);
            assertThat(d.what()).containsExactly("value", "timestamp");
        });
        assertThat(copy(list -> list.set(5, new Rec("b", "six", 60, "h", "y", "h", "x").copiedFrom(5))).first())
                .satisfies(d -> assertThat(d.what()).containsExactly("headers"));
        assertThat(copy(list -> list.set(1, new Rec("", "two", 20).copiedFrom(1))).first())
                .satisfies(d -> assertThat(d.what()).containsExactly("key"));
    }

    @Test
    void aPrefixIsIncompleteWhileRunningAndAMismatchOtherwise() {
        List<Rec> prefix = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            prefix.add(SOURCE_RECORDS.get(i).copiedFrom(i));
        }
        KafkaCopyReport report = verify(List.of(prefix));
        assertThat(report.partitions().get(0).first().what()).containsExactly("missing");
        assertThat(report.verdict(true)).isEqualTo("INCOMPLETE");
        assertThat(report.verdict(false)).isEqualTo("MISMATCH");
        prefix.set(1, new Rec(null, "TWO", 20).copiedFrom(1));
        assertThat(verify(List.of(prefix)).verdict(true)).isEqualTo("MISMATCH");
    }

    @Test
    void aCopyRemappedByKeyIsMatchedByItsProvenance() {
        List<Rec> keyA = new ArrayList<>();
        for (int i : new int[] {0, 1, 2, 4}) {
            keyA.add(SOURCE_RECORDS.get(i).copiedFrom(i));
        }
        List<Rec> keyB = new ArrayList<>();
        for (int i : new int[] {3, 5}) {
            keyB.add(SOURCE_RECORDS.get(i).copiedFrom(i));
        }
        // all in one target partition of two (MockConsumer serves one assigned partition at a time)
        List<Rec> both = new ArrayList<>(keyA);
        both.addAll(keyB);
        KafkaCopyReport report = verify(List.of(both, List.of()));
        assertThat(report.mapping()).isEqualTo("key");
        assertThat(report.ok()).as("%s", report).isTrue();

        both.add(2, both.remove(3)); // source offset 4 (key a) before 2 (key a)
        KafkaCopyReport.Divergence reordered = verify(List.of(both, List.of())).partitions().get(0).first();
        assertThat(reordered.what()).containsExactly("order");
        assertThat(reordered.sourceOffset()).isEqualTo(2);

        both.remove(0);
        both.add(keyB.get(0));
        KafkaCopyReport.Divergence missing = verify(List.of(both, List.of())).partitions().get(0).first();
        assertThat(missing.sourceOffset()).isEqualTo(0);
        assertThat(missing.what()).containsExactly("missing");
    }

    @Test
    void aRemappedCopyWithoutProvenanceIsRefused() {
        assertThatThrownBy(() -> verify(List.of(SOURCE_RECORDS, List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the source has 1 partitions, the target 2")
                .hasMessageContaining("src.partition/src.offset");
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
