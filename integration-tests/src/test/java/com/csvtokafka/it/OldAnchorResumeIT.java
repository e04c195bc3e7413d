package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics written by earlier releases resume. Release 0.2's are replayed from what it really wrote
 * (src/test/resources/release-0.2: a gzip file with seek points; a keyed prefix job of 3 lanes). A topic written by
 * release 0.1 resumes: the first rows are committed here exactly as 0.1 wrote them (its
 * transactional id, its record headers, its anchor layout without a format version), and the current processor must
 * resume from that anchor and finish the file, every row once, in order.
 */
class OldAnchorResumeIT {
    private static final String JOB = "old-anchors";
    private static final String TOPIC = "old-anchors";

    @TempDir
    Path dir;

    @Test
    void aTopicWrittenWithThe01AnchorLayoutResumesWhereItsLastAnchorSays() throws Exception {
        CsvData data = CsvData.generate(30_000, 31);
        SharedStack.get().s3().createBucket("old-anchors");
        String etag = SharedStack.get().s3().putObject("old-anchors", "rows.csv", data.write(dir, "rows.csv"));
        String source = "s3://old-anchors/rows.csv";
        SharedStack.get().kafka().createTopic(TOPIC, 1);

        // 0.1: transactions of 5,000 rows; every record csv.row; each transaction's last record the anchor
        int written = write01Layout(data, source, "etag=" + etag, 12_345, 5_000);
        assertThat(Topic.readCommitted(TOPIC, 0)).hasSize(written);

        Map<String, String> env = SharedStack.environment();
        Processor.Result result = Processor.run(dir, env, 120, "run", "--source", source, "--topic", TOPIC,
                "--job-id", JOB, "--format", "csv", "--bootstrap-servers", SharedStack.bootstrap(),
                "--s3-endpoint", env.get("S3_ENDPOINT"), "--checkpoint-dir", dir.resolve("checkpoints").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.events().resumedFromKafka()).as(result.events().toString()).isTrue();
        assertThat(result.events().resumedAt().orElseThrow().path("row").asLong()).isEqualTo(written + 1);
        CrashResumeIT.assertExactlyOnceInOrder(TOPIC, data);
    }

    @Test
    void aTopicWrittenByRelease02FromACompressedFileResumesAtItsSeekPoint() throws Exception {
        CsvData data = CsvData.generate(20_000, 202);
        Files.write(dir.resolve("rows.csv.gz"), CsvData.gzipMembers(data.bytes, 8));
        SharedStack.get().s3().createBucket("release-02");
        SharedStack.get().s3().putObject("release-02", "rows.csv.gz", dir.resolve("rows.csv.gz"));
        SharedStack.get().kafka().createTopic("r02-single", 1);
        Map<Integer, Integer> cuts = Map.of(0, 11);
        int replayed = replay02("r02-single", "r02-single", cuts);

        Map<String, String> env = SharedStack.environment();
        Processor.Result result = Processor.run(dir, env, 180, "run", "--source", "s3://release-02/rows.csv.gz",
                "--topic", "r02-single", "--job-id", "r02-single", "--format", "csv", "--headers", "row",
                "--transaction-rows", "1000", "--bootstrap-servers", SharedStack.bootstrap(),
                "--s3-endpoint", env.get("S3_ENDPOINT"), "--checkpoint-dir", dir.resolve("checkpoints").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.events().resumedFromKafka()).as(result.events().toString()).isTrue();
        assertThat(result.events().resumedAt().orElseThrow().path("row").asLong()).isEqualTo(replayed + 1);
        CrashResumeIT.assertExactlyOnceInOrder("r02-single", data);
    }

    @Test
    void aKeyedPrefixJobOfRelease02ResumesEachLaneFromItsOwnAnchor() throws Exception {
        CsvData keyed = KeyedRows.customers(12_000, 50, 203);
        SharedStack.get().s3().createBucket("release-02");
        SharedStack.get().s3().putObject("release-02", "keyed/part-1.csv",
                CsvData.of(KeyedRows.HEADER, keyed.rows.subList(0, 7_000), "\n", true).write(dir, "part-1.csv"));
        SharedStack.get().s3().putObject("release-02", "keyed/part-2.csv",
                CsvData.of(KeyedRows.HEADER, keyed.rows.subList(7_000, 12_000), "\n", true).write(dir, "part-2.csv"));
        SharedStack.get().kafka().createTopic("r02-keyed", 3);
        // each lane (one partition each) crashed at a different place: lane 0 in the first file, lane 2 in the second
        replay02("r02-keyed", "r02-keyed", Map.of(0, 3, 1, 4, 2, 6));

        Map<String, String> env = SharedStack.environment();
        Processor.Result result = Processor.run(dir, env, 180, "run", "--source", "s3://release-02/keyed/",
                "--topic", "r02-keyed", "--job-id", "r02-keyed", "--format", "csv", "--partitions", "0-2",
                "--key", "column:customer", "--lanes", "3", "--transaction-rows", "500",
                "--bootstrap-servers", SharedStack.bootstrap(), "--s3-endpoint", env.get("S3_ENDPOINT"),
                "--checkpoint-dir", dir.resolve("checkpoints").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.events().resumedFromKafka()).as(result.events().toString()).isTrue();
        KeyedRows.assertEveryKeyInOrder(SharedStack.bootstrap(), "r02-keyed", 3, keyed.rows);
    }

    /**
     * Commits, for each partition of {@code cuts}, release 0.2's records of {@code topic} up to and including its
     * n-th anchor, one transaction per anchor as 0.2 committed them; returns how many records it committed.
     */
    private static int replay02(String topic, String job, Map<Integer, Integer> cuts) throws Exception {
        Map<Integer, List<String[]>> byPartition = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                OldAnchorResumeIT.class.getResourceAsStream("/release-0.2/" + topic + ".tsv.gz")),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split("\t", -1);
                byPartition.computeIfAbsent(Integer.parseInt(f[0]), p -> new ArrayList<>()).add(f);
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.bootstrap());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "release-02-replay-" + job);
        Base64.Decoder b64 = Base64.getDecoder();
        int committed = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (Map.Entry<Integer, Integer> cut : cuts.entrySet()) {
                int anchors = 0;
                producer.beginTransaction();
                for (String[] f : byPartition.get(cut.getKey())) {
                    RecordHeaders headers = new RecordHeaders();
                    boolean anchor = false;
                    for (String h : f[3].isEmpty() ? new String[0] : f[3].split(",")) {
                        String[] kv = h.split("=", 2);
                        headers.add(kv[0], b64.decode(kv[1]));
                        anchor |= kv[0].equals("csv.anchor");
                    }
                    producer.send(new ProducerRecord<>(topic, cut.getKey(), f[1].equals("-") ? null : b64.decode(f[1]),
                            b64.decode(f[2]), headers));
                    committed++;
                    if (anchor) {
                        producer.commitTransaction();
                        if (++anchors == cut.getValue()) {
                            break;
                        }
                        producer.beginTransaction();
                    }
                }
                assertThat(anchors).as("anchors replayed in partition %d", cut.getKey()).isEqualTo(cut.getValue());
            }
        }
        return committed;
    }

    /** Commits the first {@code rows} rows as 0.1 did; returns how many it committed (whole transactions only). */
    private static int write01Layout(CsvData data, String source, String version, int rows, int perTransaction)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedStack.bootstrap());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "csv-to-kafka-" + JOB);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        int committed = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
             RowFramer framer = new RowFramer(new ByteArrayInputStream(data.bytes), 0, 0, CsvDialect.RFC4180, 1 << 20)) {
            producer.initTransactions();
            Row row = new Row();
            framer.next(row); // the header row
            producer.beginTransaction();
            int inTransaction = 0;
            while (committed + inTransaction < rows && framer.next(row)) {
                RecordHeaders headers = new RecordHeaders();
                boolean last = ++inTransaction == perTransaction;
                if (!last) {
                    add(headers, "csv.row", Long.toString(row.number()));
                } else {
                    // 0.1's anchor: the position set, then sent, skipped and next.row; no csv.anchor, no csv.input
                    add(headers, "csv.row", Long.toString(row.number()));
                    add(headers, "csv.offset", Long.toString(row.offset()));
                    add(headers, "csv.source", source);
                    add(headers, "csv.version", version);
                    add(headers, "csv.job", JOB);
                    add(headers, "csv.next", Long.toString(row.nextOffset()));
                    add(headers, "csv.sent", Long.toString(row.number()));
                    add(headers, "csv.skipped", "0");
                    add(headers, "csv.next.row", Long.toString(row.number() + 1));
                }
                producer.send(new ProducerRecord<>(TOPIC, 0, (byte[]) null, row.copyBytes(), headers));
                if (last) {
                    producer.commitTransaction();
                    committed += inTransaction;
                    inTransaction = 0;
                    producer.beginTransaction();
                }
            }
            producer.abortTransaction(); // an open transaction of a crashed 0.1 run: never visible
        }
        return committed;
    }

    private static void add(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
