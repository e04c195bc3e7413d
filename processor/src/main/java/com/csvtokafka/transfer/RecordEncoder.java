package com.csvtokafka.transfer;

import static com.csvtokafka.position.AnchorCodec.ascii;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.JsonRowEncoder;
import com.csvtokafka.csv.Row;
import com.csvtokafka.position.AnchorCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns framed rows into records per the record contract (docs/architecture.md, "Records"): value, key and
 * position headers, with the size guard that keeps a record within what the producer may send, and the dead letter
 * of a bad row. Runs on the reading thread.
 */
final class RecordEncoder {
    /** Record and batch framing on top of key, value and headers; generous so that the estimate is an upper bound. */
    private static final int RECORD_OVERHEAD = 128;

    private final JobConfig config;
    private final TopicLimits limits;
    private final AnchorCodec codec;
    private final String topic;
    private final int partition;
    private final JsonRowEncoder json;
    /** The key of a row from its key column(s); null without a column key. */
    private final RowKey columnKey;
    /** Keyed mode: the partitions a key chooses among; null when every record goes to {@link #partition}. */
    private final PartitionList keyedPartitions;
    private final int headerBudget;

    /**
     * @param header the column names, or null for a file without a header row
     */
    RecordEncoder(JobConfig config, TopicLimits limits, AnchorCodec codec, List<String> header)
            throws ConfigurationException {
        this.config = config;
        this.limits = limits;
        this.codec = codec;
        this.topic = config.topic();
        this.partition = config.partition();
        CsvDialect dialect = config.dialect();
        this.json = config.format() == JobConfig.Format.JSON ? new JsonRowEncoder(dialect, header) : null;
        this.columnKey = config.key().kind() == JobConfig.KeyMode.Kind.COLUMN
                ? new RowKey(config.key().columns(), dialect, header) : null;
        this.keyedPartitions = config.keyed() ? config.partitions() : null;
        if (keyedPartitions != null && keyedPartitions.all()) {
            throw new IllegalStateException("the partitions of a keyed job are resolved before its rows are encoded");
        }
        // an upper bound for the headers any record may carry (the anchor), plus record framing: checking against
        // it costs nothing per row and never lets a record exceed the producer's limit
        this.headerBudget = RECORD_OVERHEAD + codec.anchorBytes();
    }

    /** The record for a well-formed row, or null when it is larger than the producer may send (see {@link #tooLarge}). */
    ProducerRecord<byte[], byte[]> encode(Row row) {
        byte[] value = json != null ? json.encode(row) : row.copyBytes();
        byte[] key = switch (config.key().kind()) {
            case NONE -> null;
            case ROW -> ascii(row.number());
            case COLUMN -> columnKey.of(row);
        };
        if (value.length + (key == null ? 0 : key.length) + headerBudget > limits.requestLimit()) {
            return null;
        }
        RowRecord.ArrayHeaders headers = switch (config.headers()) {
            case ROW -> new RowRecord.ArrayHeaders(AnchorCodec.rowHeader(row.number()));
            case MIN -> new RowRecord.ArrayHeaders();
            case ALL -> new RowRecord.ArrayHeaders(codec.positionSet(row.number(), row.offset(), row.nextOffset()));
        };
        int to = keyedPartitions == null ? partition : keyedPartitions.forKey(key);
        return new RowRecord(topic, to, key, value, headers);
    }

    String tooLarge(Row row) {
        return "the record for this row (" + row.length() + " bytes of CSV) is larger than the producer may send ("
                + limits.requestLimit() + " bytes, max.request.size); raise --kafka-property max.request.size (and the "
                + "topic's max.message.bytes) or treat the row as bad with --on-bad-row";
    }

    String rejectedByBroker(Row row) {
        return "the broker refused the record for this row (" + row.length() + " bytes of CSV) as too large: "
                + "the topic's max.message.bytes is " + limits.maxRecordBytes() + "; raise it (and the broker's "
                + "message.max.bytes) or treat the row as bad with --on-bad-row";
    }

    /** A bad row for the dead-letter topic: its raw bytes (cut to fit) and why it was rejected. */
    ProducerRecord<byte[], byte[]> deadLetter(Row row, String reason) {
        RecordHeaders headers = new RecordHeaders(codec.deadLetterHeaders(reason, row.number(), row.offset()));
        byte[] value = row.copyBytes();
        // the raw bytes as far as the dead-letter topic takes them (uncompressed, to be sure), headers aside
        int room = Math.max(limits.deadLetterMaxBytes() / 2, limits.deadLetterMaxBytes() - 4096);
        if (value.length > room) {
            value = Arrays.copyOf(value, Math.max(0, room));
            headers.add(AnchorCodec.TRUNCATED, ascii(row.length()));
        }
        return new ProducerRecord<>(config.onBadRow().dlqTopic(), null, (byte[]) null, value, headers);
    }
}
