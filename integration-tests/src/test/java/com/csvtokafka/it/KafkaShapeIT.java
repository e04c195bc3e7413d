package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.typed.SchemaRegistryClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --source kafka://… --source-format json|csv}: a topic of JSON objects, or of CSV rows, on one cluster,
 * each value read as a row and shaped on its way to another cluster — typed Avro in the registry's wire format,
 * rekeyed, columns renamed and chosen; bad values dead-lettered naming their source partition and offset — and each
 * copied record compared with its source record one by one, also after a kill -9 mid-copy.
 */
class KafkaShapeIT {
    private static final int PARTITIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = """
            {"type": "record", "name": "Order", "fields": [
              {"name": "id", "type": "long"},
              {"name": "customer", "type": "string"},
              {"name": "amount", "type": "double"},
              {"name": "note", "type": ["null", "string"], "default": null}]}""";

    @TempDir
    Path dir;

    /** The source's records of one partition, as written (the bad ones included), in offset order. */
    private final List<List<ConsumerRecord<byte[], byte[]>>> written = new ArrayList<>();

    private String[] args(String source, String target, String job, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--source", source, "--bootstrap-servers",
                SharedStack.bootstrap(), "--topic", target, "--job-id", job, "--checkpoint-dir",
                dir.resolve("checkpoints").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void jsonObjectsBecomeTypedAvroRekeyedWithBadValuesDeadLetteredNamingTheirPartitionAndOffset() throws Exception {
        String source = fill("shape-json", 150, (p, i) -> p == 1 && i == 40 ? "{\"id\": 1, \"amount\": \"lots\"}"
                : p == 2 && i == 90 ? "[\"not\", \"an\", \"object\"]"
                : "{\"internal\": \"x\", \"id\": " + (p * 1000 + i) + ", \"cust\": \"c" + (i % 7) + "\", \"amount\": "
                        + (i * 1.25) + (i % 3 == 0 ? "" : ", \"note\": \"n, " + i + "\"") + "}");
        SharedStack.get().kafka().createTopic("shape-json-typed", PARTITIONS);
        SharedStack.get().kafka().createTopic("shape-json-bad", 1);
        LocalRegistry registry = LocalRegistry.shared();
        Path schema = Files.writeString(dir.resolve("order.avsc"), SCHEMA);
        String[] shaping = {"--source-format", "json", "--source-columns", "id,cust,amount,note,internal",
            "--rename", "cust=customer", "--columns", "id,customer,amount,note", "--schema", schema.toString(),
            "--format", "avro", "--schema-registry", registry.confluentUrl(), "--key", "column:id",
            "--transaction-rows", "40"};

        Processor.Result failed = Processor.run(dir, Map.of(), 120, args(source, "shape-json-typed", "shape-json",
                concat(shaping, "--on-bad-row", "fail")));

        assertThat(failed.exitCode()).as(failed.output()).isEqualTo(1);
        assertThat(failed.events().failure()).containsAnyOf(
                "the value at offset " + written.get(1).get(40).offset() + " of source partition " + source + "#1 is a bad row",
                "the value at offset " + written.get(2).get(90).offset() + " of source partition " + source + "#2 is a bad row");

        Processor.Result run = Processor.run(dir, Map.of(), 120, args(source, "shape-json-typed", "shape-json",
                concat(shaping, "--on-bad-row", "dlq:shape-json-bad")));

        assertThat(run.exitCode()).as(run.output()).isZero();
        SchemaRegistryClient client = new SchemaRegistryClient(registry.confluentUrl(), null, null);
        for (int p = 0; p < PARTITIONS; p++) {
            List<ConsumerRecord<byte[], byte[]>> good = new ArrayList<>(written.get(p));
            good.removeIf(r -> !new String(r.value(), StandardCharsets.UTF_8).contains("internal"));
            List<ConsumerRecord<byte[], byte[]>> copied = Topic.raw(SharedStack.bootstrap(), "shape-json-typed", p);
            assertThat(copied).as("partition %d: every good record once", p).hasSameSizeAs(good);
            for (int i = 0; i < copied.size(); i++) {
                ConsumerRecord<byte[], byte[]> from = good.get(i);
                ConsumerRecord<byte[], byte[]> to = copied.get(i);
                JsonNode original = JSON.readTree(from.value());
                GenericRecord value = wire(client, to.value());
                String where = "partition " + p + " record " + i;
                assertThat(value.get("id")).as(where).isEqualTo(original.get("id").asLong());
                assertThat(value.get("customer").toString()).as(where).isEqualTo(original.get("cust").asText());
                assertThat(value.get("amount")).as(where).isEqualTo(original.get("amount").asDouble());
                assertThat(value.get("note") == null ? null : value.get("note").toString()).as(where)
                        .isEqualTo(original.has("note") ? original.get("note").asText() : null);
                assertThat(value.getSchema().getField("internal")).isNull();
                assertThat(wireLong(to.key())).as(where + ": keyed by id").isEqualTo(original.get("id").asLong());
                assertThat(to.timestamp()).as(where).isEqualTo(from.timestamp());
                assertThat(headers(to)).as(where).containsExactly("trace=" + header(from, "trace"),
                        "src.topic=shape-json", "src.partition=" + p, "src.offset=" + from.offset());
            }
        }
        List<ConsumerRecord<byte[], byte[]>> dead = Topic.raw(SharedStack.bootstrap(), "shape-json-bad", 0);
        assertThat(dead).hasSize(2);
        for (ConsumerRecord<byte[], byte[]> letter : dead) {
            int p = Integer.parseInt(header(letter, "src.partition"));
            ConsumerRecord<byte[], byte[]> bad = written.get(p).get(p == 1 ? 40 : 90);
            assertThat(header(letter, "src.offset")).isEqualTo(Long.toString(bad.offset()));
            assertThat(header(letter, "csv.offset")).isEqualTo(Long.toString(bad.offset()));
            assertThat(header(letter, "csv.source")).isEqualTo(source + "#" + p);
            assertThat(letter.value()).isEqualTo(bad.value());
            assertThat(letter.key()).isEqualTo(bad.key());
            assertThat(header(letter, "csv.error")).contains(p == 1 ? "amount" : "not a JSON object");
        }

        Processor.Result verify = Processor.run(dir, Map.of(), 60, "verify", "--source", source, "--source-format",
                "json", "--bootstrap-servers", SharedStack.bootstrap(), "--topic", "shape-json-typed");
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(2);
        assertThat(verify.output()).contains("byte for byte");
    }

    @Test
    void csvRowsBecomeJsonObjectsOfTheChosenColumnsExactlyOnceAcrossKill9() throws Exception {
        String source = fill("shape-csv", 1_000, (p, i) -> (p * 10_000 + i) + ",\"name " + i + ", \"\"q\"\"\n"
                + "line\"," + (i * 0.5));
        SharedStack.get().kafka().createTopic("shape-csv-json", PARTITIONS);
        String[] shaping = {"--source-format", "csv", "--source-columns", "id,name,amount", "--columns", "name,id",
            "--transaction-rows", "50"};
        Processor killed = Processor.start(dir, Map.of(), args(source, "shape-csv-json", "shape-csv",
                concat(shaping, "--max-rows-per-second", "300")));
        assertThat(killed.awaitEvent("committed", 60)).as(killed.output()).isTrue();
        Thread.sleep(1_000);
        killed.kill9();

        Processor.Result run = Processor.run(dir, Map.of(), 120, args(source, "shape-csv-json", "shape-csv", shaping));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.events().named("resumed")).as("partition copies resumed from the target's anchors")
                .anyMatch(resumed -> resumed.path("from_kafka").asBoolean());
        for (int p = 0; p < PARTITIONS; p++) {
            List<ConsumerRecord<byte[], byte[]>> copied = Topic.raw(SharedStack.bootstrap(), "shape-csv-json", p);
            assertThat(copied).as("partition %d: every record once", p).hasSameSizeAs(written.get(p));
            for (int i = 0; i < copied.size(); i++) {
                ConsumerRecord<byte[], byte[]> from = written.get(p).get(i);
                ConsumerRecord<byte[], byte[]> to = copied.get(i);
                String where = "partition " + p + " record " + i;
                assertThat(new String(to.value(), StandardCharsets.UTF_8)).as(where).isEqualTo("{\"name\":\"name " + i
                        + ", \\\"q\\\"\\nline\",\"id\":\"" + (p * 10_000 + i) + "\"}");
                assertThat(to.key()).as(where + ": the source's key").isEqualTo(from.key());
                assertThat(to.timestamp()).as(where).isEqualTo(from.timestamp());
                assertThat(header(to, "src.offset")).as(where).isEqualTo(Long.toString(from.offset()));
            }
        }
    }

    /**
     * Creates topic {@code name} on the second cluster and writes {@code perPartition} records to each partition:
     * value {@code value.apply(partition, i)}, a key, a header and a recent timestamp each; returns its URI.
     */
    @Test
    void jsonObjectsRekeyedAndRemappedByTheirNewKeyLandInThatKeysPartitionInSourceOrder() throws Exception {
        String source = fill("shape-remap", 120, (p, i) -> "{\"id\": " + (p * 1000 + i) + ", \"cust\": \"c"
                + ((p + i) % 9) + "\"}");
        int targets = 4;
        SharedStack.get().kafka().createTopic("shape-remap-copy", targets);

        Processor.Result run = Processor.run(dir, Map.of(), 120, args(source, "shape-remap-copy", "shape-remap",
                "--source-format", "json", "--source-columns", "id,cust", "--format", "json", "--key", "column:cust",
                "--partitions", "all", "--lanes", "2", "--transaction-rows", "50"));

        assertThat(run.exitCode()).as(run.output()).isZero();
        // per key: the source records carrying it, partition after partition, each in offset order
        Map<String, List<Long>> expected = new java.util.TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (ConsumerRecord<byte[], byte[]> r : written.get(p)) {
                JsonNode v = JSON.readTree(r.value());
                expected.computeIfAbsent(v.get("cust").asText(), k -> new ArrayList<>()).add(v.get("id").asLong());
            }
        }
        Map<String, List<Long>> copied = new java.util.TreeMap<>();
        int records = 0;
        for (int t = 0; t < targets; t++) {
            for (ConsumerRecord<byte[], byte[]> r : Topic.raw(SharedStack.bootstrap(), "shape-remap-copy", t)) {
                records++;
                String key = new String(r.key(), StandardCharsets.UTF_8);
                assertThat(org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2(r.key())) % targets)
                        .as("key %s is in its partition", key).isEqualTo(t);
                JsonNode v = JSON.readTree(r.value());
                assertThat(v.get("cust").asText()).isEqualTo(key);
                copied.computeIfAbsent(key, k -> new ArrayList<>()).add(v.get("id").asLong());
            }
        }
        assertThat(records).as("every record once").isEqualTo(PARTITIONS * 120);
        assertThat(copied).as("each key's records in source order").isEqualTo(expected);
    }

    private String fill(String name, int perPartition, BiFunction<Integer, Integer, String> value) throws Exception {
        SecondCluster.get().createTopic(name, PARTITIONS);
        Properties props = new Properties();
        props.put("bootstrap.servers", SecondCluster.bootstrap());
        props.put("enable.idempotence", "true");
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        long base = System.currentTimeMillis() - 3_600_000;
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < perPartition; i++) {
                    acks.add(producer.send(new ProducerRecord<>(name, p, base + i * 7L, bytes("key-" + p + "-" + i),
                            bytes(value.apply(p, i)), List.of(new RecordHeader("trace", bytes("t" + i))))));
                }
            }
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(); // a send that failed names its cause here rather than as records missing later
        }
        for (int p = 0; p < PARTITIONS; p++) {
            written.add(Topic.raw(SecondCluster.bootstrap(), name, p));
            assertThat(written.get(p)).hasSize(perPartition);
        }
        return "kafka://" + SecondCluster.bootstrap() + "/" + name;
    }

    /** A record in the Confluent wire format, decoded by Avro with the writer's schema fetched from the registry. */
    private static GenericRecord wire(SchemaRegistryClient client, byte[] value) throws Exception {
        assertThat(value[0]).isZero();
        Schema writer = new Schema.Parser().parse(client.schemaById(ByteBuffer.wrap(value, 1, 4).getInt()));
        return new GenericDatumReader<GenericRecord>(writer).read(null,
                DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(value, 5, value.length), null));
    }

    /** A typed key of one long field in the wire format: 0, the key schema's id, the Avro long. */
    private static long wireLong(byte[] key) throws Exception {
        assertThat(key[0]).isZero();
        return DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(key, 5, key.length), null).readLong();
    }

    /** A record's headers as NAME=VALUE, without the anchor's (csv.*, on each transaction's last record). */
    private static List<String> headers(ConsumerRecord<byte[], byte[]> r) {
        List<String> out = new ArrayList<>();
        for (Header h : r.headers()) {
            if (!h.key().startsWith("csv.")) {
                out.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
