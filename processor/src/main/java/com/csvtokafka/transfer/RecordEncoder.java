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
    private final Fields fields;
    /** The key columns' indexes (empty without a column key). */
    private final int[] keyColumns;
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
        this.fields = new Fields(dialect);
        List<String> columns = config.key().columns();
        this.keyColumns = new int[config.key().kind() == JobConfig.KeyMode.Kind.COLUMN ? columns.size() : 0];
        for (int i = 0; i < keyColumns.length; i++) {
            keyColumns[i] = keyColumn(columns.get(i), header);
        }
        this.keyedPartitions = config.keyed() ? config.partitions() : null;
        if (keyedPartitions != null && keyedPartitions.all()) {
            throw new IllegalStateException("the partitions of a keyed job are resolved before its rows are encoded");
        }
        // an upper bound for the headers any record may carry (the anchor), plus record framing: checking against
        // it costs nothing per row and never lets a record exceed the producer's limit
        this.headerBudget = RECORD_OVERHEAD + codec.anchorBytes();
    }

    private static int keyColumn(String column, List<String> header) throws ConfigurationException {
        if (header != null) {
            int index = header.indexOf(column);
            if (index < 0) {
                throw new ConfigurationException("--key column:" + column + ": no such column in the header " + header);
            }
            return index;
        }
        try {
            int index = Integer.parseInt(column) - 1;
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigurationException("--key column:" + column + " needs a header row (--header true), or a "
                + "1-based column number when there is none");
    }

    /** The record for a well-formed row, or null when it is larger than the producer may send (see {@link #tooLarge}). */
    ProducerRecord<byte[], byte[]> encode(Row row) {
        byte[] value = json != null ? json.encode(row) : row.copyBytes();
        byte[] key = switch (config.key().kind()) {
            case NONE -> null;
            case ROW -> ascii(row.number());
            case COLUMN -> columnValue(row);
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

    /** The key column's value; several columns' values as one CSV row of them (quoted where CSV needs it). */
    private byte[] columnValue(Row row) {
        Fields f = fields.split(row);
        if (keyColumns.length == 1) {
            return value(f, keyColumns[0]);
        }
        char delimiter = (char) config.dialect().delimiter();
        char quote = (char) config.dialect().quote();
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < keyColumns.length; i++) {
            if (i > 0) {
                key.append(delimiter);
            }
            String v = keyColumns[i] < f.count() ? f.value(keyColumns[i], config.dialect().charset()) : "";
            if (v.indexOf(delimiter) >= 0 || v.indexOf(quote) >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                String q = Character.toString(quote);
                key.append(quote).append(v.replace(q, q + q)).append(quote);
            } else {
                key.append(v);
            }
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] value(Fields f, int column) {
        if (column >= f.count()) {
            return new byte[0];
        }
        return config.dialect().utf8() ? f.valueBytes(column)
                : f.value(column, config.dialect().charset()).getBytes(StandardCharsets.UTF_8);
    }
}
