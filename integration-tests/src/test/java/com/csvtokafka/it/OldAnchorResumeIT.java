package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic written by release 0.1 resumes: the first rows are committed here exactly as 0.1 wrote them (its
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
