package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real broker: a file in another dialect is refused before anything is sent and {@code --delimiter auto}
 * moves it (and a rerun resumes as the same job); {@code --header-column} headers on every record, row by row, in
 * one partition, keyed partitions, shards and Avro, with {@code verify} passing on such topics.
 */
class DialectAndHeaderColumnsIT {
    private static final int ROWS = 300;
    private static final String[] CITIES = {"Oslo", "", "Rome, IT", "Lima", "São Paulo"};

    @TempDir
    Path dir;

    private String[] args(Path source, String topic, String job, String... more) {
        return Processor.runArgs(dir.resolve("ck"), source, topic, job, more);
    }

    private Processor.Result verify(Path source, String topic, String... more) throws Exception {
        List<String> a = new ArrayList<>(List.of("verify", "--source", source.toString(), "--topic", topic,
                "--bootstrap-servers", SharedStack.bootstrap()));
        a.addAll(List.of(more));
        return Processor.run(dir, SharedStack.environment(), 120, a.toArray(String[]::new));
    }

    /** Rows {@code id<d>customer<d>city} (city quoted where it holds the delimiter or a comma). */
    private Path orders(String name, char d) throws Exception {
        StringBuilder text = new StringBuilder("id" + d + "customer" + d + "city\n");
        for (int i = 1; i <= ROWS; i++) {
            String city = CITIES[i % CITIES.length];
            text.append(i).append(d).append("c").append(i % 7).append(d)
                    .append(city.indexOf(',') >= 0 ? "\"" + city + "\"" : city).append('\n');
        }
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<String> keys(ConsumerRecord<byte[], byte[]> r) {
        return Arrays.stream(r.headers().toArray()).map(Header::key).toList();
    }

    @Test
    void aSemicolonFileIsRefusedUntilAutoFindsItsDelimiterWhichTheJobKeeps() throws Exception {
        Map<String, String> env = SharedStack.environment();
        Path file = orders("orders.csv", ';');
        SharedStack.get().kafka().createTopic("dialect-auto", 1);

        Processor.Result refused = Processor.run(dir, env, 60, args(file, "dialect-auto", "auto-1"));
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("does not split into columns with --delimiter ','")
                .contains("pass --delimiter ';' (or --delimiter auto)");
        assertThat(Topic.readCommitted("dialect-auto", 0)).isEmpty();

        Processor.Result auto = Processor.run(dir, env, 120, args(file, "dialect-auto", "auto-1", "--delimiter", "auto"));
        assertThat(auto.exitCode()).as(auto.output()).isZero();
        List<Topic.Rec> records = Topic.readCommitted("dialect-auto", 0);
        assertThat(records).hasSize(ROWS);
        JsonNode third = new ObjectMapper().readTree(records.get(2).value());
        assertThat(third.get("id").asText()).isEqualTo("3");
        assertThat(third.get("customer").asText()).isEqualTo("c3");
        assertThat(third.get("city").asText()).isEqualTo(CITIES[3]);

        // the job recorded ';': the same job with the delimiter spelled out is the same job, already done
        Processor.Result spelled = Processor.run(dir, env, 60, args(file, "dialect-auto", "auto-1", "--delimiter", ";"));
        assertThat(spelled.exitCode()).as(spelled.output()).isZero();
        assertThat(spelled.events().first("completed").orElseThrow().path("already_done").asBoolean()).isTrue();
        assertThat(Topic.readCommitted("dialect-auto", 0)).hasSize(ROWS);

        Processor.Result verifyAuto = verify(file, "dialect-auto", "--delimiter", "auto");
        assertThat(verifyAuto.exitCode()).as(verifyAuto.output()).isZero();
        assertThat(verifyAuto.output()).contains("VERDICT: OK");
        Processor.Result verifyComma = verify(file, "dialect-auto");
        assertThat(verifyComma.exitCode()).as(verifyComma.output()).isEqualTo(2);
        assertThat(verifyComma.output()).contains("pass --delimiter ';'");
    }

    @Test
    void anS3ObjectsFirstRowsAreReadWithABoundedRangeAndAutoWorksOnAGzipOfIt() throws Exception {
        Map<String, String> env = SharedStack.environment();
        StringBuilder text = new StringBuilder("id|customer|city\n");
        for (int i = 1; i <= 100_000; i++) {
            text.append(i).append("|c").append(i % 7).append('|').append(CITIES[i % CITIES.length]).append('\n');
        }
        Path plain = Files.writeString(dir.resolve("pipes.csv"), text);
        Path gz = dir.resolve("pipes.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        SharedStack.get().s3().createBucket("dialect");
        SharedStack.get().s3().putObject("dialect", "pipes.csv", plain);
        SharedStack.get().s3().putObject("dialect", "pipes.csv.gz", gz);
        SharedStack.get().kafka().createTopic("dialect-s3", 1);

        Processor.Result refused = Processor.run(dir, env, 60, "run", "--source", "s3://dialect/pipes.csv",
                "--s3-endpoint", env.get("S3_ENDPOINT"), "--topic", "dialect-s3", "--job-id", "s3-1",
                "--bootstrap-servers", SharedStack.bootstrap(), "--checkpoint-dir", dir.resolve("ck").toString());
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output()).contains("s3://dialect/pipes.csv").contains("pass --delimiter '|'");

        Processor.Result auto = Processor.run(dir, env, 300, "run", "--source", "s3://dialect/pipes.csv.gz",
                "--s3-endpoint", env.get("S3_ENDPOINT"), "--topic", "dialect-s3", "--job-id", "s3-2",
                "--bootstrap-servers", SharedStack.bootstrap(), "--checkpoint-dir", dir.resolve("ck").toString(),
                "--delimiter", "auto", "--format", "csv", "--headers", "min");
        assertThat(auto.exitCode()).as(auto.output()).isZero();
        List<Topic.Rec> records = Topic.readCommitted("dialect-s3", 0);
        assertThat(records).hasSize(100_000);
        assertThat(records.get(99_999).value()).isEqualTo("100000|c" + (100_000 % 7) + "|" + CITIES[0]);
    }

    @Test
    void duplicateColumnNamesAreRefusedForJsonBeforeAnythingIsSent() throws Exception {
        Path file = Files.writeString(dir.resolve("pay.csv"), "id,amount,amount\n1,5,6\n");
        SharedStack.get().kafka().createTopic("dialect-dupes", 1);
        Processor.Result r = Processor.run(dir, SharedStack.environment(), 60, args(file, "dialect-dupes", "dupes-1"));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
        assertThat(r.output()).contains("'amount' (columns 2 and 3)").contains("--rename amount=NEW");
        assertThat(Topic.readCommitted("dialect-dupes", 0)).isEmpty();
        Processor.Result csv = Processor.run(dir, SharedStack.environment(), 60, args(file, "dialect-dupes", "dupes-2",
                "--format", "csv"));
        assertThat(csv.exitCode()).as(csv.output()).isZero();
        assertThat(Topic.values("dialect-dupes")).containsExactly("1,5,6");
    }

    @Test
    void headerColumnsAreOnEveryRecordBeforeOursAndVerifyPasses() throws Exception {
        Map<String, String> env = SharedStack.environment();
        Path file = orders("orders.csv", ',');
        SharedStack.get().kafka().createTopic("hc-single", 1);
        Processor.Result run = Processor.run(dir, env, 120, args(file, "hc-single", "hc-1", "--header-column",
                "city:region", "--header-column", "id", "--transaction-rows", "50"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = Topic.raw("hc-single", 0);
        assertThat(records).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            assertThat(header(r, "region")).as("row %d", i + 1).isEqualTo(CITIES[(i + 1) % CITIES.length]);
            assertThat(header(r, "id")).isEqualTo(Integer.toString(i + 1));
            assertThat(keys(r).subList(0, 3)).containsExactly("region", "id", "csv.row");
        }
        Processor.Result verified = verify(file, "hc-single");
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        Processor.Result checked = verify(file, "hc-single", "--header-column", "city:region,id");
        assertThat(checked.exitCode()).as(checked.output()).isZero();
        Processor.Result wrong = verify(file, "hc-single", "--header-column", "customer:region,id");
        assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(1);
        assertThat(wrong.output()).contains("header region is 'Oslo', expected 'c5'").contains("VERDICT: MISMATCH");

        // the headers are part of the job: a rerun without them is refused
        Processor.Result other = Processor.run(dir, env, 60, args(file, "hc-single", "hc-1"));
        assertThat(other.exitCode()).as(other.output()).isEqualTo(2);
        assertThat(other.output()).contains("--header-column was city:region,id, now (none)");
    }

    @Test
    void headerColumnsInKeyedShardedAndAvroJobs() throws Exception {
        Map<String, String> env = SharedStack.environment();
        Path file = orders("orders.csv", ',');

        SharedStack.get().kafka().createTopic("hc-keyed", 3);
        Processor.Result keyed = Processor.run(dir, env, 120, args(file, "hc-keyed", "hc-keyed", "--format", "csv",
                "--partitions", "all", "--key", "column:customer", "--header-column", "customer:cust"));
        assertThat(keyed.exitCode()).as(keyed.output()).isZero();
        int total = 0;
        for (int p = 0; p < 3; p++) {
            for (ConsumerRecord<byte[], byte[]> r : Topic.raw("hc-keyed", p)) {
                assertThat(header(r, "cust")).isEqualTo(new String(r.key(), StandardCharsets.UTF_8));
                assertThat(keys(r).get(0)).isEqualTo("cust");
                total++;
            }
        }
        assertThat(total).isEqualTo(ROWS);
        Processor.Result verifiedKeyed = verify(file, "hc-keyed", "--format", "csv", "--partitions", "all", "--key",
                "column:customer");
        assertThat(verifiedKeyed.exitCode()).as(verifiedKeyed.output()).isZero();

        SharedStack.get().kafka().createTopic("hc-shards", 2);
        for (int shard = 0; shard < 2; shard++) {
            Processor.Result s = Processor.run(dir, env, 120, args(file, "hc-shards", "hc-shards", "--format", "csv",
                    "--shard", shard + "/2", "--header-column", "id"));
            assertThat(s.exitCode()).as(s.output()).isZero();
        }
        total = 0;
        for (int p = 0; p < 2; p++) {
            for (ConsumerRecord<byte[], byte[]> r : Topic.raw("hc-shards", p)) {
                assertThat(header(r, "id")).isEqualTo(new String(r.value(), StandardCharsets.UTF_8).split(",")[0]);
                total++;
            }
        }
        assertThat(total).isEqualTo(ROWS);

        Path schema = Files.writeString(dir.resolve("orders.avsc"), """
                {"type": "record", "name": "Order", "fields": [
                  {"name": "id", "type": "long"}, {"name": "customer", "type": "string"}]}""");
        SharedStack.get().kafka().createTopic("hc-avro", 1);
        Processor.Result avro = Processor.run(dir, env, 120, args(file, "hc-avro", "hc-avro", "--format", "avro",
                "--schema", schema.toString(), "--header-column", "city"));
        assertThat(avro.exitCode()).as(avro.output()).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = Topic.raw("hc-avro", 0);
        assertThat(records).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            assertThat(header(records.get(i), "city")).isEqualTo(CITIES[(i + 1) % CITIES.length]);
        }
        Processor.Result verifiedAvro = verify(file, "hc-avro", "--format", "avro", "--schema", schema.toString());
        assertThat(verifiedAvro.exitCode()).as(verifiedAvro.output()).isZero();
    }
}
