package com.csvtokafka.transfer;

import static com.csvtokafka.position.AnchorCodec.ascii;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.encode.Encoder;
import com.csvtokafka.encode.TypedEncoder;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.typed.BadField;
import com.csvtokafka.typed.BadValue;
import com.csvtokafka.typed.ColumnView;
import com.csvtokafka.typed.Temporal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns framed rows into records per the record contract (docs/architecture.md, "From a row to Kafka"): value, key and
 * position headers, with the size guard that keeps a record within what the producer may send, and the dead letter
 * of a bad row. The value is written by the job's {@link Encoder} (chosen by {@link Encoders}); with a
 * {@link RecordShape} that reshapes rows (docs/architecture.md, "Typed records"), the row's columns are chosen and
 * renamed, or converted to the schema's types, and a value that does not convert makes the row bad
 * ({@link BadField}). Runs on the reading thread.
 */
final class RecordEncoder {
    /** Record and batch framing on top of key, value and headers; generous so that the estimate is an upper bound. */
    private static final int RECORD_OVERHEAD = 128;
    private static final Header[] NO_HEADERS = new Header[0];

    private final JobConfig config;
    private final TopicLimits limits;
    private final AnchorCodec codec;
    private final String topic;
    private final int partition;
    private final Fields fields;
    /** The record value in the job's format. */
    private final Encoder encoder;
    /** The typed family of {@link #encoder}, for a --timestamp field; null for untyped records. */
    private final TypedEncoder typed;
    /** The key of a row from its key column(s); null without a column key. */
    private final Function<Row, byte[]> columnKey;
    /** Keyed mode: the partitions a key chooses among; null when every record goes to {@link #partition}. */
    private final PartitionList keyedPartitions;
    private final int headerBudget;
    /** --timestamp column:NAME: the typed field holding it, or else its column read as text; both -1 without. */
    private final int timestampField;
    private final int timestampColumn;
    private final Temporal temporal;
    /** The columns of --header-column, by index in the row, and their header names; empty without. */
    private final int[] headerColumns;
    private final String[] headerNames;

    /**
     * @param header the column names, or null for a file without a header row
     * @param where  the input whose rows these are, for messages about its header
     */
    RecordEncoder(JobConfig config, TopicLimits limits, AnchorCodec codec, List<String> header, String where)
            throws ConfigurationException {
        this.config = config;
        this.limits = limits;
        this.codec = codec;
        this.topic = config.topic();
        this.partition = config.partition();
        CsvDialect dialect = config.dialect();
        RecordShape shape = config.shape();
        this.temporal = new Temporal(shape.timestampFormat());
        this.fields = new Fields(dialect);
        ColumnView view = header == null ? null : ColumnView.of(header, shape.renames(), shape.columns());
        if (view != null) {
            HeaderBinding.requireDistinctNames(config, view, where);
        }
        this.headerColumns = view == null ? new int[0] : HeaderBinding.headerColumns(config, view, where);
        this.headerNames = shape.headerColumns().stream().map(HeaderColumn::header).toArray(String[]::new);
        Encoders encoders = Encoders.of(config);
        this.encoder = encoders.forHeader(header);
        this.typed = encoder instanceof TypedEncoder t ? t : null;
        this.columnKey = config.key().kind() == JobConfig.KeyMode.Kind.COLUMN ? encoders.columnKey(header, encoder) : null;
        this.keyedPartitions = config.keyed() ? config.partitions() : null;
        if (keyedPartitions != null && keyedPartitions.all()) {
            throw new IllegalStateException("the partitions of a keyed job are resolved before its rows are encoded");
        }
        String ts = shape.timestampColumn();
        this.timestampField = ts != null && typed != null ? typed.rows().temporalField(ts) : -1;
        this.timestampColumn = ts != null && timestampField < 0 ? column(ts, view, "--timestamp column:" + ts) : -1;
        // an upper bound for the headers any record may carry (the anchor), plus record framing: checking against
        // it costs nothing per row and never lets a record exceed the producer's limit
        this.headerBudget = RECORD_OVERHEAD + codec.anchorBytes();
    }

    private static int column(String name, ColumnView view, String option) throws ConfigurationException {
        int index = view.indexOf(name);
        if (index < 0) {
            throw new ConfigurationException(option + ": no such column in the header");
        }
        return index;
    }

    /**
     * The record for a well-formed row, or null when it is larger than the producer may send (see {@link #tooLarge}).
     *
     * @throws BadField a value that does not convert to its field's type, or a --timestamp that does not parse
     */
    ProducerRecord<byte[], byte[]> encode(Row row) throws BadField {
        Fields f = typed != null || timestampColumn >= 0 || headerColumns.length > 0 ? fields.split(row) : null;
        Header[] fromColumns = headersFromColumns(f);
        byte[] value = encoder.value(row, f);
        long timestamp = -1;
        if (timestampField >= 0) {
            timestamp = recordTimestamp(typed.rows().epochMillis(timestampField), config.shape().timestampColumn(), null);
        } else if (timestampColumn >= 0) {
            String text = f.string(timestampColumn, config.dialect().charset());
            try {
                timestamp = recordTimestamp(Math.floorDiv(temporal.timestamp(text), 1000L),
                        config.shape().timestampColumn(), text);
            } catch (BadValue e) {
                throw new BadField(config.shape().timestampColumn(), text, e.getMessage() + " (--timestamp)");
            }
        }
        byte[] key = key(row);
        if (value.length + (key == null ? 0 : key.length) + headerBudget + size(fromColumns) > limits.requestLimit()) {
            return null;
        }
        RowRecord.ArrayHeaders headers = switch (config.headers()) {
            case ROW -> new RowRecord.ArrayHeaders(withColumns(fromColumns, AnchorCodec.rowHeader(row.number())));
            case MIN -> new RowRecord.ArrayHeaders(fromColumns);
            case ALL -> new RowRecord.ArrayHeaders(withColumns(fromColumns,
                    codec.positionSet(row.number(), row.offset(), row.nextOffset())));
        };
        int to = keyedPartitions == null ? partition : keyedPartitions.forKey(key);
        return timestamp < 0 ? new RowRecord(topic, to, key, value, headers)
                : new RowRecord(topic, to, timestamp, key, value, headers);
    }

    /**
     * The --header-column headers of a row's fields, values as UTF-8 (an empty field: an empty value), counted with
     * the value by the size guard.
     */
    private Header[] headersFromColumns(Fields f) {
        if (headerColumns.length == 0) {
            return NO_HEADERS;
        }
        Header[] out = new Header[headerColumns.length];
        for (int i = 0; i < out.length; i++) {
            int c = headerColumns[i];
            byte[] value = c >= f.count() ? new byte[0] : config.dialect().utf8() ? f.valueBytes(c)
                    : f.value(c, config.dialect().charset()).getBytes(StandardCharsets.UTF_8);
            out[i] = new RecordHeader(headerNames[i], value);
        }
        return out;
    }

    /** Bytes of headers on the wire, an upper bound: name, value and their varint lengths. */
    private static int size(Header[] headers) {
        int n = 0;
        for (Header h : headers) {
            n += h.key().length() * 3 + h.value().length + 10;
        }
        return n;
    }

    /** The header columns first, then our own: a consumer sees the row's own data before the position. */
    private static Header[] withColumns(Header[] fromColumns, Header... ours) {
        if (fromColumns.length == 0) {
            return ours;
        }
        Header[] all = Arrays.copyOf(fromColumns, fromColumns.length + ours.length);
        System.arraycopy(ours, 0, all, fromColumns.length, ours.length);
        return all;
    }

    private static long recordTimestamp(long millis, String column, String text) throws BadField {
        if (millis < 0) {
            throw new BadField(column, text, "before 1970-01-01T00:00:00Z: a Kafka record timestamp cannot be "
                    + "negative (--timestamp)");
        }
        return millis;
    }

    private byte[] key(Row row) {
        return switch (config.key().kind()) {
            case NONE -> null;
            case ROW -> ascii(row.number());
            case COLUMN -> columnKey.apply(row);
        };
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

    /**
     * A bad row for the dead-letter topic: its raw bytes (cut to fit) and why it was rejected; for a value that did
     * not convert, also its column and value.
     *
     * @param field the value that did not convert, or null
     */
    ProducerRecord<byte[], byte[]> deadLetter(Row row, String reason, BadField field) {
        return deadLetter(null, row.copyBytes(), row.number(), row.offset(), reason, field);
    }

    /**
     * A bad record for the dead-letter topic: {@code raw}, what the row was read from (cut to fit), and why it was
     * rejected, with its key; for a value that did not convert, also its column and value.
     *
     * @param number the row's number, {@code offset} where it starts in its input
     * @param field  the value that did not convert, or null
     */
    ProducerRecord<byte[], byte[]> deadLetter(byte[] key, byte[] raw, long number, long offset, String reason,
                                              BadField field) {
        RecordHeaders headers = new RecordHeaders(codec.deadLetterHeaders(reason, number, offset));
        if (field != null) {
            headers.add(AnchorCodec.ERROR_COLUMN, field.column().getBytes(StandardCharsets.UTF_8));
            if (field.value() != null) {
                headers.add(AnchorCodec.ERROR_VALUE, field.value().getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] value = raw;
        // the raw bytes as far as the dead-letter topic takes them (uncompressed, to be sure), headers aside
        int room = Math.max(limits.deadLetterMaxBytes() / 2, limits.deadLetterMaxBytes() - 4096);
        if (value.length > room) {
            value = Arrays.copyOf(value, Math.max(0, room));
            headers.add(AnchorCodec.TRUNCATED, ascii(raw.length));
        }
        return new ProducerRecord<>(config.onBadRow().dlqTopic(), null, key, value, headers);
    }
}
