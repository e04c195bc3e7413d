package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} against a real broker: a faithful transfer passes, and a topic tampered with by hand (a record
 * dropped, duplicated, two swapped, a byte changed) fails with the row, byte offset and kind of each problem.
 */
class VerifyIT {
    @TempDir
    Path dir;

    private CsvData data;
    private Path file;
    private List<Topic.Rec> original;

    @BeforeEach
    void transfer() throws Exception {
        data = CsvData.generate(1000, 31);
        file = data.write(dir, "v.csv");
        String topic = "verify-src-" + System.nanoTime();
        SharedStack.get().kafka().createTopic(topic, 1);
        Processor.Result r = Processor.run(dir, env(), 60, "run", "--source", file.toString(), "--topic", topic,
                "--job-id", topic, "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(),
                "--checkpoint-dir", dir.resolve("ck").toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        original = Topic.readCommitted(topic, 0);
    }

    private static Map<String, String> env() {
        return SharedStack.environment();
    }

    /** {@code verify --json}: the exit code and the report as JSON (the human report is the same data). */
    private record Verified(int exitCode, JsonNode report, String output) {
        long count(String field) {
            assertThat(report.has(field)).as("report field %s in %s", field, report).isTrue();
            return report.path(field).asLong();
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            report.path("problems").forEach(p -> problems.add(p.asText()));
            return problems;
        }
    }

    private Verified verify(String topic) throws Exception {
        Processor.Result r = Processor.run(dir, env(), 60, "verify", "--json", "--source", file.toString(), "--topic",
                topic, "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap());
        JsonNode report;
        try {
            report = new ObjectMapper().readTree(r.stdout());
        } catch (Exception e) {
            throw new AssertionError("verify --json printed no JSON report:\n" + r.output(), e);
        }
        assertThat(report).as("verify --json printed a JSON report:\n%s", r.output()).isNotNull();
        assertThat(report.isObject()).as("verify --json printed a JSON report:\n%s", r.output()).isTrue();
        return new Verified(r.exitCode(), report, r.output());
    }

    /** Copies the transferred records into a new topic after {@code tamper} edited the list. */
    private String copy(UnaryOperator<List<Topic.Rec>> tamper) throws Exception {
        String topic = "verify-" + System.nanoTime();
        SharedStack.get().kafka().createTopic(topic, 1);
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedStack.bootstrap());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (Topic.Rec r : tamper.apply(new ArrayList<>(original))) {
                RecordHeaders headers = new RecordHeaders();
                r.headers().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
                acks.add(producer.send(new ProducerRecord<>(topic, 0, (byte[]) null,
                        r.value().getBytes(StandardCharsets.UTF_8), headers)));
            }
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(); // a failed send names its cause here, not as a copy that differs
        }
        return topic;
    }

    private long offsetOfRow(int row) {
        byte[] header = (CsvData.HEADER + "\n").getBytes(StandardCharsets.UTF_8);
        long offset = header.length;
        String text = new String(data.bytes, StandardCharsets.UTF_8);
        int at = text.indexOf(data.rows.get(row - 1), (int) offset);
        return text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aFaithfulTransferVerifies() throws Exception {
        Verified r = verify(copy(list -> list));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.count("matched")).isEqualTo(1000);
        assertThat(r.count("records_in_topic")).isEqualTo(1000);
        for (String kind : List.of("mismatched", "missing", "duplicates", "out_of_order", "extra")) {
            assertThat(r.count(kind)).as(kind).isZero();
        }
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void aDroppedRecordIsReportedAsMissingWithRowAndOffset() throws Exception {
        Verified r = verify(copy(list -> { list.remove(499); return list; }));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.count("missing")).isEqualTo(1);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p)
                .contains("row 500 (byte offset " + offsetOfRow(500) + ") is missing"));
    }

    @Test
    void aDuplicatedRecordIsReported() throws Exception {
        Verified r = verify(copy(list -> { list.add(300, list.get(299)); return list; }));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.count("duplicates")).isEqualTo(1);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("duplicate of row 300"));
    }

    @Test
    void twoSwappedRecordsAreReported() throws Exception {
        Verified r = verify(copy(list -> {
            Topic.Rec a = list.get(100);
            list.set(100, list.get(101));
            list.set(101, a);
            return list;
        }));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.count("out_of_order")).isEqualTo(1);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("row 101 out of order"));
    }

    @Test
    void aChangedByteIsReportedWithExpectedAndFound() throws Exception {
        Verified r = verify(copy(list -> {
            Topic.Rec rec = list.get(699);
            list.set(699, new Topic.Rec(rec.offset(), rec.value().replaceFirst("name-", "nAme-"), rec.headers(), rec.key()));
            return list;
        }));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.count("mismatched")).isEqualTo(1);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p)
                .contains("row 700 (byte offset " + offsetOfRow(700) + ") differs").contains("nAme-"));
    }
}
