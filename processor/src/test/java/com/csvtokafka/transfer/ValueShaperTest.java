package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.source.RecordBatch;
import com.csvtokafka.typed.TypedOutput;
import com.csvtokafka.typed.TypedSchema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * A Kafka source record's value read as one row and shaped by the job's record encoder: value, key, timestamp and
 * headers of the record sent, and the bad rows with their dead letters naming the source partition and offset.
 */
class ValueShaperTest {
    private static final String SCHEMA = """
            {"type": "record", "name": "Order", "fields": [
              {"name": "id", "type": "long"},
              {"name": "amount", "type": "double"},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "note", "type": ["null", "string"], "default": null}]}""";
    private static final String SOURCE = "kafka://src:9092/orders";
    private static final long SOURCE_TIME = 1_600_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JobConfig.Builder job(SourceValues values) {
        return TestJobs.job(SOURCE, "shape-1").format(JobConfig.Format.JSON).sourceValues(values)
                .onBadRow(JobConfig.BadRowPolicy.parse("dlq:" + MockKafka.DLQ));
    }

    private static RecordShape typed(String timestampColumn, List<HeaderColumn> headerColumns) {
        return new RecordShape(TypedSchema.parse(SCHEMA, "order.avsc"), TypedOutput.NONE, null, List.of(), Map.of(),
                timestampColumn, null, null, headerColumns);
    }

    private static SourceValues json() {
        return new SourceValues(SourceValues.Format.JSON, List.of("id", "amount", "at", "note"));
    }

    /** The batch entry the partition stream makes of a source record, shaped; returns the batch. */
    private static RecordBatch shape(JobConfig config, String value) throws Exception {
        ValueShaper shaper = new ValueShaper(config.toBuilder().partition(2).build(),
                new TopicLimits(1 << 20, 1 << 20, 1 << 22), new AnchorCodec("shape-1.p2", SOURCE + "#2", "id-1", null));
        RecordHeaders sourceHeaders = new RecordHeaders(new Header[] {new RecordHeader("trace", bytes("t-1"))});
        ConsumerRecord<byte[], byte[]> source = new ConsumerRecord<>("orders", 2, 41L, SOURCE_TIME,
                TimestampType.CREATE_TIME, 3, value == null ? -1 : value.length(), bytes("k-1"),
                value == null ? null : bytes(value), sourceHeaders, Optional.empty());
        List<Header> copied = new ArrayList<>(List.of(sourceHeaders.toArray()));
        copied.add(new RecordHeader(AnchorCodec.SRC_TOPIC, bytes("orders")));
        copied.add(new RecordHeader(AnchorCodec.SRC_OFFSET, bytes("41")));
        RecordBatch batch = new RecordBatch();
        batch.add(42, 41, 42, new ProducerRecord<>(MockKafka.TOPIC, 2, SOURCE_TIME, source.key(), source.value(),
                new RecordHeaders(copied)), null, null);
        shaper.shape(source, batch, 0);
        return batch;
    }

    @Test
    void aJsonObjectBecomesATypedRecordKeyedByItsColumnWithTheSourcesTimestampAndHeadersFirst() throws Exception {
        RecordBatch batch = shape(job(json()).shape(typed(null, List.of())).key(JobConfig.KeyMode.parse("column:id"))
                .build(), "{\"note\": \"a,b\", \"id\": 7, \"amount\": 1.5, \"at\": \"2024-02-29T10:00:00Z\", \"x\": 1}");

        assertThat(batch.error[0]).isNull();
        ProducerRecord<byte[], byte[]> r = batch.record[0];
        JsonNode value = JSON.readTree(r.value());
        assertThat(value.path("id").asLong()).isEqualTo(7);
        assertThat(value.path("amount").asDouble()).isEqualTo(1.5);
        assertThat(value.path("note").asText()).isEqualTo("a,b");
        assertThat(value.has("x")).as("members not among the columns").isFalse();
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("7");
        assertThat(r.timestamp()).isEqualTo(SOURCE_TIME);
        assertThat(r.partition()).isEqualTo(2);
        assertThat(r.topic()).isEqualTo(MockKafka.TOPIC);
        assertThat(names(r)).containsExactly("trace", AnchorCodec.SRC_TOPIC, AnchorCodec.SRC_OFFSET);
    }

    @Test
    void timestampAndHeaderColumnsComeFromTheRowTheirHeadersBetweenTheSourcesAndOurs() throws Exception {
        RecordBatch batch = shape(job(json()).shape(typed("at", HeaderColumn.parseAll(List.of("note:n")))).build(),
                "{\"id\": 7, \"amount\": 1, \"at\": \"2024-02-29T10:00:00Z\", \"note\": \"hi\"}");

        ProducerRecord<byte[], byte[]> r = batch.record[0];
        assertThat(r.timestamp()).isEqualTo(1_709_200_800_000L);
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).as("the source's key, kept").isEqualTo("k-1");
        assertThat(names(r)).containsExactly("trace", "n", AnchorCodec.SRC_TOPIC, AnchorCodec.SRC_OFFSET);
        assertThat(new String(r.headers().lastHeader("n").value(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @Test
    void aValueThatDoesNotConvertIsABadRowWhoseDeadLetterNamesTheSourcePartitionAndOffset() throws Exception {
        String value = "{\"id\": 7, \"amount\": \"lots\", \"at\": \"2024-02-29T10:00:00Z\"}";
        RecordBatch batch = shape(job(json()).shape(typed(null, List.of())).build(), value);

        assertThat(batch.record[0]).isNull();
        assertThat(batch.error[0]).contains("amount");
        ProducerRecord<byte[], byte[]> letter = batch.deadLetter[0];
        assertThat(letter.topic()).isEqualTo(MockKafka.DLQ);
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).as("the source's value as it is").isEqualTo(value);
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("k-1");
        assertThat(header(letter, AnchorCodec.SOURCE)).isEqualTo(SOURCE + "#2");
        assertThat(header(letter, AnchorCodec.OFFSET)).isEqualTo("41");
        assertThat(header(letter, AnchorCodec.SRC_PARTITION)).isEqualTo("2");
        assertThat(header(letter, AnchorCodec.SRC_OFFSET)).isEqualTo("41");
        assertThat(header(letter, AnchorCodec.ERROR_COLUMN)).isEqualTo("amount");
    }

    @Test
    void valuesThatAreNoRowOfTheColumnsAreBadRows() throws Exception {
        JobConfig typed = job(json()).shape(typed(null, List.of())).build();
        assertThat(shape(typed, "[1, 2]").error[0]).isEqualTo("the value is not a JSON object but an array");
        assertThat(shape(typed, null).error[0]).contains("tombstone");
        assertThat(shape(typed, null).deadLetter[0].value()).isEmpty();
        JobConfig csv = job(new SourceValues(SourceValues.Format.CSV, List.of("a", "b"))).build();
        assertThat(shape(csv, "1,2,3").error[0]).isEqualTo("expected 2 fields (the columns [a, b]), found 3");
        assertThat(shape(csv, "1,\"2").error[0]).contains("unterminated quoted field");
    }

    @Test
    void aCsvValueBecomesAJsonObjectOfItsColumns() throws Exception {
        RecordBatch batch = shape(job(new SourceValues(SourceValues.Format.CSV, List.of("a", "b"))).build(),
                "1,\"x, y\"\n");

        assertThat(batch.error[0]).isNull();
        assertThat(new String(batch.record[0].value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"1\",\"b\":\"x, y\"}");
        assertThat(new String(batch.record[0].key(), StandardCharsets.UTF_8)).isEqualTo("k-1");
    }

    private static List<String> names(ProducerRecord<byte[], byte[]> r) {
        List<String> names = new ArrayList<>();
        r.headers().forEach(h -> names.add(h.key()));
        return names;
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
