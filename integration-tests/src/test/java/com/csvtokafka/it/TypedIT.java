package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.typed.SchemaRegistryClient;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed transfers end to end (the processor in its own JVM, a real broker; a real schema registry for the wire
 * format): a file of edge values goes out as typed JSON and as Avro, each record is decoded independently (Jackson;
 * Avro's own decoders) and compared value by value with what the file says, bad values follow --on-bad-row, and
 * {@code verify} proves each topic.
 */
class TypedIT {
    private static final ObjectMapper JACKSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    private static final String SCHEMA = """
            {"type": "record", "name": "Payment", "namespace": "it.typed", "fields": [
              {"name": "id", "type": "long"},
              {"name": "name", "type": "string"},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 4}},
              {"name": "ratio", "type": "double"},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
              {"name": "active", "type": ["null", "boolean"], "default": null},
              {"name": "note", "type": ["null", "string"], "default": null}]}""";

    /** CRLF rows; quoted delimiters, doubled quotes and an embedded LF; rows 4-7 each hold one value that does not convert. */
    private static final List<String> ROWS = List.of(
            "id,name,amount,ratio,at,day,status,active,note,ignored",
            "-9223372036854775808,\"Zoë, \"\"the\"\" first\",12345678.1234,1.5e300,2024-02-29T23:59:59.999999+05:30,"
                    + "2024-02-29,NEW,true,\"line one\nline two\",x",
            "9223372036854775807,plain,-0.0001,NaN,2024-02-29T00:00:00Z,2000-02-29,PAID,,NULL,x",
            "0,\"\",0,-Infinity,1970-01-01 00:00:00,1970-01-01,PAID,FALSE,\"\",x",
            "4,bad,1.23456,0,2024-01-01T00:00:00Z,2024-01-01,NEW,true,,x",
            "5,bad,1,0,2024-01-01T00:00:00Z,2023-02-29,NEW,true,,x",
            "6,bad,1,0,2024-01-01T00:00:00Z,2024-01-01,new,true,,x",
            "99999999999999999999,bad,1,0,2024-01-01T00:00:00Z,2024-01-01,NEW,true,,x",
            "8,Ünïcödé ✓,-99999999.9999,4.9E-324,2024-06-01T12:00:00-03:00,1999-12-31,NEW,1,\"tab\there\",x");

    /** The good rows as typed JSON, written by hand from the file. */
    private static final List<String> EXPECTED_JSON = List.of(
            "{\"id\":-9223372036854775808,\"name\":\"Zoë, \\\"the\\\" first\",\"amount\":12345678.1234,\"ratio\":1.5E300,"
                    + "\"at\":\"2024-02-29T18:29:59.999999Z\",\"day\":\"2024-02-29\",\"status\":\"NEW\",\"active\":true,"
                    + "\"note\":\"line one\\nline two\"}",
            "{\"id\":9223372036854775807,\"name\":\"plain\",\"amount\":-0.0001,\"ratio\":\"NaN\","
                    + "\"at\":\"2024-02-29T00:00:00Z\",\"day\":\"2000-02-29\",\"status\":\"PAID\",\"active\":null,\"note\":null}",
            "{\"id\":0,\"name\":\"\",\"amount\":0.0000,\"ratio\":\"-Infinity\",\"at\":\"1970-01-01T00:00:00Z\","
                    + "\"day\":\"1970-01-01\",\"status\":\"PAID\",\"active\":false,\"note\":\"\"}",
            "{\"id\":8,\"name\":\"Ünïcödé ✓\",\"amount\":-99999999.9999,\"ratio\":4.9E-324,\"at\":\"2024-06-01T15:00:00Z\","
                    + "\"day\":\"1999-12-31\",\"status\":\"NEW\",\"active\":true,\"note\":\"tab\\there\"}");

    /** Column, value and what the reason says, of the bad rows 4-7. */
    private static final List<List<String>> BAD = List.of(
            List.of("amount", "1.23456", "more fraction digits than decimal(12,4)"),
            List.of("day", "2023-02-29", "February 29 is not a date in 2023"),
            List.of("status", "new", "NEW differs only in case"),
            List.of("id", "99999999999999999999", "out of range for long"));

    @TempDir
    Path dir;

    private Path file() throws Exception {
        return Files.writeString(dir.resolve("payments.csv"), String.join("\r\n", ROWS) + "\r\n", StandardCharsets.UTF_8);
    }

    private Path schema() throws Exception {
        return Files.writeString(dir.resolve("payment.avsc"), SCHEMA, StandardCharsets.UTF_8);
    }

    private String[] run(String topic, String job, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--source", file().toString(), "--topic", topic, "--job-id", job,
                "--schema", schema().toString(), "--null-value", "NULL", "--checkpoint-dir", dir.resolve("ck").toString(),
                "--bootstrap-servers", SharedStack.bootstrap()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private Processor.Result verify(String topic, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--source", file().toString(), "--topic", topic,
                "--schema", schema().toString(), "--null-value", "NULL", "--bootstrap-servers", SharedStack.bootstrap()));
        args.addAll(List.of(more));
        return Processor.run(dir, SharedStack.environment(), 60, args.toArray(String[]::new));
    }

    @Test
    void typedJsonDeadLettersEachBadValueNamingColumnValueAndReason() throws Exception {
        SharedStack.get().kafka().createTopic("typed-json", 1);
        SharedStack.get().kafka().createTopic("typed-json-dlq", 1);
        Processor.Result result = Processor.run(dir, SharedStack.environment(), 90,
                run("typed-json", "typed-json-1", "--format", "json", "--on-bad-row", "dlq:typed-json-dlq"));
        assertThat(result.exitCode()).as(result.output()).isZero();

        List<ConsumerRecord<byte[], byte[]>> records = Topic.raw("typed-json", 0);
        assertThat(records).hasSize(EXPECTED_JSON.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode found = JACKSON.readTree(records.get(i).value());
            JsonNode expected = JACKSON.readTree(EXPECTED_JSON.get(i));
            assertThat(expected.equals(BY_VALUE, found)).as("record %d: %s", i, found).isTrue();
            assertThat(fieldNames(found)).as("schema order, 'ignored' dropped")
                    .containsExactly("id", "name", "amount", "ratio", "at", "day", "status", "active", "note");
        }
        // decimals are exact JSON numbers at the schema's scale
        assertThat(new String(records.get(2).value(), StandardCharsets.UTF_8)).contains("\"amount\":0.0000");

        List<ConsumerRecord<byte[], byte[]>> dead = Topic.raw("typed-json-dlq", 0);
        assertThat(dead).hasSize(4);
        for (int i = 0; i < dead.size(); i++) {
            assertThat(header(dead.get(i), "csv.row")).isEqualTo(Integer.toString(4 + i));
            assertThat(header(dead.get(i), "csv.error.column")).isEqualTo(BAD.get(i).get(0));
            assertThat(header(dead.get(i), "csv.error.value")).isEqualTo(BAD.get(i).get(1));
            assertThat(header(dead.get(i), "csv.error")).contains(BAD.get(i).get(2));
            assertThat(new String(dead.get(i).value(), StandardCharsets.UTF_8)).isEqualTo(ROWS.get(4 + i));
        }

        Processor.Result verified = verify("typed-json", "--format", "json");
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("matched             4", "(4 malformed");
        Processor.Result otherSchema = Processor.run(dir, SharedStack.environment(), 60, "verify", "--source",
                file().toString(), "--topic", "typed-json", "--format", "json", "--bootstrap-servers", SharedStack.bootstrap());
        assertThat(otherSchema.exitCode()).as("untyped expectations do not match typed records").isEqualTo(1);

        Processor.Result rerun = Processor.run(dir, SharedStack.environment(), 60,
                run("typed-json", "typed-json-1", "--format", "json", "--on-bad-row", "dlq:typed-json-dlq",
                        "--rename", "ignored=unused"));
        assertThat(rerun.exitCode()).as(rerun.output()).isEqualTo(2);
        assertThat(rerun.output()).contains("--rename was (none), now {ignored=unused}");
    }

    @Test
    void avroSingleObjectsDecodedByAvroEqualTheFileValueByValueAndSkipCountsTheBadRows() throws Exception {
        SharedStack.get().kafka().createTopic("typed-avro", 1);
        Topic.keepForever(SharedStack.bootstrap(), "typed-avro"); // its rows' timestamps are from 2024 and 1970
        Processor.Result result = Processor.run(dir, SharedStack.environment(), 90,
                run("typed-avro", "typed-avro-1", "--format", "avro", "--on-bad-row", "skip", "--timestamp", "column:at"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.events().last("completed").orElseThrow().path("at").path("skipped").asLong()).isEqualTo(4);

        BinaryMessageDecoder<GenericRecord> decoder = new BinaryMessageDecoder<>(logical(), new Schema.Parser().parse(SCHEMA));
        List<ConsumerRecord<byte[], byte[]>> records = Topic.raw("typed-avro", 0);
        List<GenericRecord> decoded = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            decoded.add(decoder.decode(r.value()));
        }
        assertAvroValues(decoded);
        assertThat(records).extracting(ConsumerRecord::timestamp).containsExactly(
                Instant.parse("2024-02-29T18:29:59.999Z").toEpochMilli(), Instant.parse("2024-02-29T00:00:00Z").toEpochMilli(),
                0L, Instant.parse("2024-06-01T15:00:00Z").toEpochMilli());

        Processor.Result verified = verify("typed-avro", "--format", "avro");
        assertThat(verified.exitCode()).as(verified.output()).isZero();
    }

    @Test
    void keyedAndShardedTypedTopicsVerifyWithTheSchemaTheyWereWrittenWith() throws Exception {
        SharedStack.get().kafka().createTopic("typed-keyed-avro", 3);
        SharedStack.get().kafka().createTopic("typed-keyed-json", 3);
        SharedStack.get().kafka().createTopic("typed-shards", 2);
        for (String[] job : List.of(
                run("typed-keyed-avro", "typed-keyed-avro-1", "--format", "avro", "--on-bad-row", "skip",
                        "--partitions", "all", "--key", "column:name"),
                run("typed-keyed-json", "typed-keyed-json-1", "--format", "json", "--on-bad-row", "skip",
                        "--partitions", "all", "--key", "column:id,status"),
                run("typed-shards", "typed-shards-1", "--format", "avro", "--on-bad-row", "skip", "--shard", "0/2"),
                run("typed-shards", "typed-shards-1", "--format", "avro", "--on-bad-row", "skip", "--shard", "1/2"))) {
            Processor.Result result = Processor.run(dir, SharedStack.environment(), 90, job);
            assertThat(result.exitCode()).as(result.output()).isZero();
        }
        // the partition of each row is recomputed from its typed key (Avro single-object, typed JSON)
        Processor.Result keyedAvro = verify("typed-keyed-avro", "--format", "avro", "--partitions", "all", "--key",
                "column:name");
        assertThat(keyedAvro.exitCode()).as(keyedAvro.output()).isZero();
        assertThat(keyedAvro.output()).contains("VERDICT: OK");
        Processor.Result keyedJson = verify("typed-keyed-json", "--format", "json", "--partitions", "all", "--key",
                "column:id,status");
        assertThat(keyedJson.exitCode()).as(keyedJson.output()).isZero();

        // each shard's partition decoded by Avro against its share
        Processor.Result shards = verify("typed-shards", "--format", "avro", "--shard-count", "2", "--job-id",
                "typed-shards-1", "--checkpoint-dir", dir.resolve("ck").toString());
        assertThat(shards.exitCode()).as(shards.output()).isZero();
        assertThat(shards.output()).contains("VERDICT: OK");
        Processor.Result asJson = verify("typed-shards", "--format", "json", "--shard-count", "2", "--job-id",
                "typed-shards-1", "--checkpoint-dir", dir.resolve("ck").toString());
        assertThat(asJson.exitCode()).as(asJson.output()).isEqualTo(1);

        Processor.Result registry = verify("typed-keyed-avro", "--format", "avro", "--schema-registry",
                "http://127.0.0.1:1", "--partitions", "all", "--key", "column:name");
        assertThat(registry.exitCode()).as(registry.output()).isEqualTo(2);
        assertThat(registry.output()).contains("verify cannot recompute the partitions of a keyed job");
    }

    @Test
    void aBadValueUnderFailEndsTheRunAfterTheRowsBeforeItNamingColumnValueAndReason() throws Exception {
        SharedStack.get().kafka().createTopic("typed-fail", 1);
        Processor.Result result = Processor.run(dir, SharedStack.environment(), 90,
                run("typed-fail", "typed-fail-1", "--format", "avro"));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("row 4").contains("column amount value \"1.23456\"")
                .contains("more fraction digits than decimal(12,4)");
        assertThat(Topic.raw("typed-fail", 0)).hasSize(3);
    }

    @Test
    void withASchemaRegistryRecordsAreInTheWireFormatAndDecodeWithTheSchemaFetchedById() throws Exception {
        LocalRegistry registry = LocalRegistry.shared();
        SharedStack.get().kafka().createTopic("typed-registry", 1);
        Processor.Result result = Processor.run(dir, SharedStack.environment(), 90,
                run("typed-registry", "typed-registry-1", "--format", "avro", "--on-bad-row", "skip",
                        "--schema-registry", registry.confluentUrl(), "--key", "column:id,status"));
        assertThat(result.exitCode()).as(result.output()).isZero();

        SchemaRegistryClient client = new SchemaRegistryClient(registry.confluentUrl(), null, null);
        List<ConsumerRecord<byte[], byte[]>> records = Topic.raw("typed-registry", 0);
        List<GenericRecord> decoded = new ArrayList<>();
        List<GenericRecord> keys = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            decoded.add(wire(client, r.value()));
            keys.add(wire(client, r.key()));
        }
        assertAvroValues(decoded);
        assertThat(keys).extracting(k -> k.get("id") + "/" + k.get("status"))
                .containsExactly("-9223372036854775808/NEW", "9223372036854775807/PAID", "0/PAID", "8/NEW");
        int valueId = ByteBuffer.wrap(records.get(0).value(), 1, 4).getInt();
        assertThat(client.register("typed-registry-value", new Schema.Parser().parse(SCHEMA).toString()))
                .as("the value schema is registered under <topic>-value").isEqualTo(valueId);

        Processor.Result verified = verify("typed-registry", "--format", "avro", "--schema-registry", registry.confluentUrl());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
    }

    /** A record in the Confluent wire format, decoded by Avro with the writer's schema fetched from the registry. */
    private static GenericRecord wire(SchemaRegistryClient client, byte[] value) throws Exception {
        assertThat(value[0]).isZero();
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        Schema writer = new Schema.Parser().parse(client.schemaById(id));
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(writer, writer, logical());
        return reader.read(null, DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(value, 5, value.length), null));
    }

    private static void assertAvroValues(List<GenericRecord> r) {
        assertThat(r).hasSize(4);
        assertThat(r).extracting(x -> x.get("id")).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 8L);
        assertThat(r).extracting(x -> x.get("name").toString()).containsExactly("Zoë, \"the\" first", "plain", "",
                "Ünïcödé ✓");
        assertThat(r).extracting(x -> x.get("amount")).containsExactly(new BigDecimal("12345678.1234"),
                new BigDecimal("-0.0001"), new BigDecimal("0.0000"), new BigDecimal("-99999999.9999"));
        // Double.equals: NaN equals NaN
        assertThat(r).extracting(x -> x.get("ratio")).containsExactly(1.5e300, Double.NaN, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE);
        assertThat(r).extracting(x -> x.get("at")).containsExactly(Instant.parse("2024-02-29T18:29:59.999999Z"),
                Instant.parse("2024-02-29T00:00:00Z"), Instant.EPOCH, Instant.parse("2024-06-01T15:00:00Z"));
        assertThat(r).extracting(x -> x.get("day")).containsExactly(LocalDate.of(2024, 2, 29), LocalDate.of(2000, 2, 29),
                LocalDate.EPOCH, LocalDate.of(1999, 12, 31));
        assertThat(r).extracting(x -> x.get("status").toString()).containsExactly("NEW", "PAID", "PAID", "NEW");
        assertThat(r).extracting(x -> x.get("active")).containsExactly(true, null, false, true);
        assertThat(r).extracting(x -> x.get("note") == null ? null : x.get("note").toString())
                .containsExactly("line one\nline two", null, "", "tab\there");
    }

    private static GenericData logical() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        return model;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
