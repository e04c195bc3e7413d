package com.csvtokafka.transfer;

import static com.csvtokafka.transfer.MockKafka.DLQ;
import static com.csvtokafka.transfer.MockKafka.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.source.Source;
import com.csvtokafka.typed.TypedOutput;
import com.csvtokafka.typed.TypedSchema;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed transfers through the whole engine (Kafka's mocks): values, keys, timestamps, and bad values per policy. */
class TypedEngineTest {
    private static final String SCHEMA = """
            {"type": "record", "name": "Order", "namespace": "shop", "fields": [
              {"name": "id", "type": "long"},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
              {"name": "note", "type": ["null", "string"], "default": null}]}""";
    /** Row 2: an enum in the wrong case; row 4: a decimal with too many digits after the point. */
    private static final String FILE = """
            id,amount,at,status,note,extra
            1,10.50,2024-02-29T10:00:00Z,NEW,first,x
            2,3.00,2024-02-29T11:00:00+01:00,paid,,x
            3,7,2024-03-01T00:00:00,PAID,"",x
            4,1.005,2024-03-01T00:00:00Z,NEW,,x
            5,-0.01,2024-03-02T00:00:00Z,PAID,NULL,x
            """;

    @TempDir
    Path dir;

    private final List<JobEvent> events = new ArrayList<>();

    private JobConfig config(Path file, String onBadRow, JobConfig.Format format, RecordShape shape, String key) {
        return TestJobs.job(file.toString(), "typed-1").format(format).key(JobConfig.KeyMode.parse(key))
                .onBadRow(JobConfig.BadRowPolicy.parse(onBadRow)).transactionMaxRows(2).shape(shape).build();
    }

    private static RecordShape shape(JobConfig.Format format, String timestampColumn, List<String> key) {
        TypedSchema schema = TypedSchema.parse(SCHEMA, "order.avsc");
        TypedOutput output = format == JobConfig.Format.AVRO
                ? new TypedOutput(TypedOutput.singleObject(schema.fingerprint()), key.isEmpty() ? new byte[0]
                        : TypedOutput.singleObject(org.apache.avro.SchemaNormalization.parsingFingerprint64(schema.keySchema(key))))
                : TypedOutput.NONE;
        return new RecordShape(schema, output, null, List.of(), Map.of(), timestampColumn, "NULL", null);
    }

    private Outcome run(JobConfig config, CheckpointStore store, MockKafka kafka) throws Exception {
        try (Source source = Source.of(config.sourceUri(), null)) {
            return new TransferJob(config, source, store, kafka, new StopSignal(), events::add).run();
        }
    }

    private Path file() throws Exception {
        return Files.writeString(dir.resolve("orders.csv"), FILE, StandardCharsets.UTF_8);
    }

    private static GenericData logical() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }

    @Test
    void avroRecordsUnderDlqAreAvrosOwnSingleObjectsAndBadValuesGoToTheDeadLetterTopicNamed() throws Exception {
        MockKafka kafka = new MockKafka();
        JobConfig config = config(file(), "dlq:" + DLQ, JobConfig.Format.AVRO, shape(JobConfig.Format.AVRO, "at",
                List.of("id")), "column:id");
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config, store, kafka)).isEqualTo(Outcome.COMPLETED);
        }
        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(logical(),
                new Schema.Parser().parse(SCHEMA));
        BinaryMessageDecoder<Object> keys = new BinaryMessageDecoder<>(GenericData.get(), Schema.create(Schema.Type.LONG));
        List<ProducerRecord<byte[], byte[]>> topic = kafka.committed(TOPIC);
        assertThat(topic).hasSize(3);
        List<GenericRecord> records = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : topic) {
            records.add(decoder.decode(r.value()));
        }
        assertThat(records).extracting(r -> r.get("id")).containsExactly(1L, 3L, 5L);
        assertThat(records).extracting(r -> r.get("amount"))
                .containsExactly(new BigDecimal("10.50"), new BigDecimal("7.00"), new BigDecimal("-0.01"));
        assertThat(records).extracting(r -> r.get("at")).containsExactly(Instant.parse("2024-02-29T10:00:00Z"),
                Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-02T00:00:00Z"));
        assertThat(records).extracting(r -> String.valueOf(r.get("note"))).containsExactly("first", "", "null");
        assertThat(records.get(2).get("note")).isNull();
        assertThat(topic).extracting(r -> keys.decode(r.key())).containsExactly(1L, 3L, 5L);
        assertThat(topic).extracting(ProducerRecord::timestamp).containsExactly(
                Instant.parse("2024-02-29T10:00:00Z").toEpochMilli(), Instant.parse("2024-03-01T00:00:00Z").toEpochMilli(),
                Instant.parse("2024-03-02T00:00:00Z").toEpochMilli());

        List<ProducerRecord<byte[], byte[]>> dead = kafka.committed(DLQ);
        assertThat(dead).hasSize(2);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("2,3.00,2024-02-29T11:00:00+01:00,paid,,x");
        assertThat(header(dead.get(0), AnchorCodec.ERROR_COLUMN)).isEqualTo("status");
        assertThat(header(dead.get(0), AnchorCodec.ERROR_VALUE)).isEqualTo("paid");
        assertThat(header(dead.get(0), AnchorCodec.ERROR)).contains("column status value \"paid\"")
                .contains("case-sensitive");
        assertThat(header(dead.get(1), AnchorCodec.ERROR_COLUMN)).isEqualTo("amount");
        assertThat(header(dead.get(1), AnchorCodec.ERROR_VALUE)).isEqualTo("1.005");
        assertThat(header(dead.get(1), AnchorCodec.ERROR)).contains("more fraction digits").contains("not rounded");
        assertThat(header(dead.get(1), AnchorCodec.ROW)).isEqualTo("4");
        assertThat(events.stream().filter(JobEvent.BadRow.class::isInstance).map(e -> ((JobEvent.BadRow) e).row()))
                .containsExactly(2L, 4L);
    }

    @Test
    void typedJsonUnderSkipSendsTheGoodRowsAsTypedObjects() throws Exception {
        MockKafka kafka = new MockKafka();
        JobConfig config = config(file(), "skip", JobConfig.Format.JSON, shape(JobConfig.Format.JSON, null, List.of()),
                "none");
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThat(run(config, store, kafka)).isEqualTo(Outcome.COMPLETED);
            assertThat(store.load("typed-1").orElseThrow().skipped()).isEqualTo(2);
        }
        ObjectMapper jackson = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        List<JsonNode> values = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : kafka.committed(TOPIC)) {
            values.add(jackson.readTree(r.value()));
        }
        assertThat(values).containsExactly(
                jackson.readTree("{\"id\":1,\"amount\":10.50,\"at\":\"2024-02-29T10:00:00Z\",\"status\":\"NEW\",\"note\":\"first\"}"),
                jackson.readTree("{\"id\":3,\"amount\":7.00,\"at\":\"2024-03-01T00:00:00Z\",\"status\":\"PAID\",\"note\":\"\"}"),
                jackson.readTree("{\"id\":5,\"amount\":-0.01,\"at\":\"2024-03-02T00:00:00Z\",\"status\":\"PAID\",\"note\":null}"));
        assertThat(kafka.committed(DLQ)).isEmpty();
    }

    @Test
    void aBadValueUnderFailCommitsTheRowsBeforeItAndNamesColumnValueAndReason() throws Exception {
        MockKafka kafka = new MockKafka();
        JobConfig config = config(file(), "fail", JobConfig.Format.AVRO, shape(JobConfig.Format.AVRO, null, List.of()),
                "none");
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            assertThatThrownBy(() -> run(config, store, kafka)).isInstanceOf(TransferFailedException.class)
                    .hasMessageContaining("bad row 2").hasMessageContaining("column status value \"paid\"")
                    .hasMessageContaining("PAID differs only in case");
        }
        assertThat(kafka.committed(TOPIC)).hasSize(1);
    }

    @Test
    void aRerunWithAnotherSchemaOrTransformIsRefusedNamingTheDifference() throws Exception {
        Path file = file();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            RecordShape json = shape(JobConfig.Format.JSON, null, List.of());
            assertThat(run(config(file, "skip", JobConfig.Format.JSON, json, "none"), store, new MockKafka()))
                    .isEqualTo(Outcome.COMPLETED);
            RecordShape other = new RecordShape(TypedSchema.parse(SCHEMA.replace("\"scale\": 2", "\"scale\": 3")
                    .replace("\"precision\": 9", "\"precision\": 10"), "o.avsc"), TypedOutput.NONE, null, List.of(),
                    Map.of(), null, "NULL", null);
            assertThatThrownBy(() -> run(config(file, "skip", JobConfig.Format.JSON, other, "none"), store, new MockKafka()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("--schema was shop.Order sha256:");
            RecordShape renamed = new RecordShape(json.schema(), TypedOutput.NONE, null, List.of(), Map.of("extra", "more"),
                    null, "NULL", null);
            assertThatThrownBy(() -> run(config(file, "skip", JobConfig.Format.JSON, renamed, "none"), store, new MockKafka()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("--rename was (none), now {extra=more}");
            RecordShape nulls = new RecordShape(json.schema(), TypedOutput.NONE, null, List.of(), Map.of(), null, "\\N", null);
            assertThatThrownBy(() -> run(config(file, "skip", JobConfig.Format.JSON, nulls, "none"), store, new MockKafka()))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("--null-value was 'NULL', now '\\N'");
        }
    }

    @Test
    void aSchemaFieldWithoutAColumnStopsTheJobAsAConfigurationError() throws Exception {
        Path file = Files.writeString(dir.resolve("short.csv"), "id,amount\n1,2.00\n", StandardCharsets.UTF_8);
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            MockKafka kafka = new MockKafka();
            assertThatThrownBy(() -> run(config(file, "fail", JobConfig.Format.JSON,
                    shape(JobConfig.Format.JSON, null, List.of()), "none"), store, kafka))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("no column for the field(s) at, status");
            assertThat(kafka.committed(TOPIC)).isEmpty();
        }
    }

    @Test
    void columnsAndRenamesWithoutASchemaChooseOrderAndNameJsonAndCsvColumns() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.csv"), "a,b,c\n1,\"x,y\",3\n4,5,6\n", StandardCharsets.UTF_8);
        RecordShape shape = new RecordShape(null, null, null, List.of("c", "bee"), Map.of("b", "bee"), null, null, null);
        MockKafka json = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck1"))) {
            run(config(file, "fail", JobConfig.Format.JSON, shape, "column:a,bee"), store, json);
        }
        assertThat(json.committed(TOPIC)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("{\"c\":\"3\",\"bee\":\"x,y\"}", "{\"c\":\"6\",\"bee\":\"5\"}");
        assertThat(json.committed(TOPIC)).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("1,\"x,y\"", "4,5");
        MockKafka csv = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck2"))) {
            run(config(file, "fail", JobConfig.Format.CSV, shape, "none"), store, csv);
        }
        assertThat(csv.committed(TOPIC)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("3,\"x,y\"", "6,5");
    }

    @Test
    void anUnparsableRecordTimestampMakesTheRowBad() throws Exception {
        Path file = Files.writeString(dir.resolve("ts.csv"), "id,when\n1,2024-01-01T00:00:00Z\n2,yesterday\n"
                + "3,1969-12-31\n4,2024-01-02\n", StandardCharsets.UTF_8);
        RecordShape shape = new RecordShape(null, null, null, List.of(), Map.of(), "when", null, null);
        MockKafka kafka = new MockKafka();
        try (CheckpointStore store = new DirectoryCheckpointStore(dir.resolve("ck"))) {
            run(config(file, "dlq:" + DLQ, JobConfig.Format.CSV, shape, "none"), store, kafka);
        }
        assertThat(kafka.committed(TOPIC)).extracting(ProducerRecord::timestamp).containsExactly(
                Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(), Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
        assertThat(kafka.committed(DLQ)).extracting(r -> header(r, AnchorCodec.ERROR))
                .satisfiesExactly(e -> assertThat(e).contains("column when value \"yesterday\": not an ISO-8601 timestamp"),
                        e -> assertThat(e).contains("cannot be negative"));
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return AnchorCodec.string(r.headers(), name).orElse(null);
    }
}
