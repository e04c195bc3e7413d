package com.csvtokafka.transfer;

import static com.csvtokafka.kafka.PositionHeaders.ascii;
import static com.csvtokafka.kafka.PositionHeaders.utf8;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.JsonRowEncoder;
import com.csvtokafka.csv.Row;
import com.csvtokafka.kafka.PositionHeaders;
import com.csvtokafka.source.SourceInfo;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Turns framed rows into records per the record contract (DESIGN §3): value, key and position headers. */
final class RecordFactory {
    /** Record and batch framing on top of key, value and headers; generous so that the estimate is an upper bound. */
    private static final int RECORD_OVERHEAD = 128;

    private final JobConfig config;
    private final String topic;
    private final int partition;
    private final JsonRowEncoder json;
    private final Fields fields;
    private final int keyColumn;
    private final int maxRecordBytes;
    private final int requestLimit;
    private final int deadLetterMaxBytes;
    private final byte[] source;
    private final byte[] version;
    private final byte[] job;
    private final int headerBudget;

    /**
     * @param maxRecordBytes the topic's max.message.bytes: the broker's limit for a (compressed) batch
     * @param requestLimit   the producer's max.request.size: records up to it are sent, and a compressible one
     *                       larger than the topic's limit may well be accepted; what the broker still refuses
     *                       comes back as a RecordTooLargeException for that row (see TransferJob)
     */
    RecordFactory(JobConfig config, SourceInfo info, List<String> header, int maxRecordBytes, int deadLetterMaxBytes,
                  int requestLimit) throws ConfigurationException {
        this.config = config;
        this.topic = config.topic();
        this.partition = config.partition();
        this.maxRecordBytes = maxRecordBytes;
        this.requestLimit = requestLimit;
        this.deadLetterMaxBytes = deadLetterMaxBytes;
        CsvDialect dialect = config.dialect();
        this.json = config.format() == JobConfig.Format.JSON ? new JsonRowEncoder(dialect, header) : null;
        this.fields = new Fields(dialect);
        this.keyColumn = config.key().kind() == JobConfig.KeyMode.Kind.COLUMN ? keyColumn(config.key().column(), header) : -1;
        this.source = utf8(info.uri());
        this.version = utf8(info.version());
        this.job = utf8(config.jobId());
        // an upper bound for the headers any record may carry (the full position set), plus record framing:
        // checking against it costs nothing per row and never lets a record exceed the topic's limit
        this.headerBudget = RECORD_OVERHEAD + source.length + version.length + job.length + 9 * (16 + 20);
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
    ProducerRecord<byte[], byte[]> build(Row row) {
        byte[] value = json != null ? json.encode(row) : row.copyBytes();
        byte[] key = switch (config.key().kind()) {
            case NONE -> null;
            case ROW -> ascii(row.number());
            case COLUMN -> columnValue(row);
        };
        if (value.length + (key == null ? 0 : key.length) + headerBudget > requestLimit) {
            return null;
        }
        RowRecord.ArrayHeaders headers = switch (config.headers()) {
            case ROW -> new RowRecord.ArrayHeaders(new RecordHeader(PositionHeaders.ROW, ascii(row.number())));
            case MIN -> new RowRecord.ArrayHeaders();
            case ALL -> new RowRecord.ArrayHeaders(positionSet(row.number(), row.offset(), row.nextOffset()));
        };
        return new RowRecord(topic, partition, key, value, headers);
    }

    String tooLarge(Row row) {
        return "the record for this row (" + row.length() + " bytes of CSV) is larger than the producer may send ("
                + requestLimit + " bytes, max.request.size); raise --kafka-property max.request.size (and the "
                + "topic's max.message.bytes) or treat the row as bad with --on-bad-row";
    }

    String rejectedByBroker(Row row) {
        return "the broker refused the record for this row (" + row.length() + " bytes of CSV) as too large: "
                + "the topic's max.message.bytes is " + maxRecordBytes + "; raise it (and the broker's "
                + "message.max.bytes) or treat the row as bad with --on-bad-row";
    }

    /** Records this large may be refused by the broker; they are sent with a callback that names their row. */
    boolean large(ProducerRecord<byte[], byte[]> record) {
        return record.value().length > maxRecordBytes / 4;
    }

    /**
     * Completes the headers of a transaction's last record with the position set, the recovery anchor. Written
     * only when the record is known to be the last of its transaction, i.e. just before the commit.
     *
     * @param next    where the next run resumes: past this record's row and any bad rows handled after it in
     *                the same transaction (their dead letters are committed with it)
     * @param nextRow the number of the row at {@code next}
     * @param skipped bad rows handled before {@code next}
     */
    void addAnchor(Headers headers, long row, long offset, long next, long nextRow, long sent, long skipped) {
        if (config.headers() == JobConfig.HeadersMode.ALL) {
            headers.remove(PositionHeaders.NEXT);
            headers.remove(PositionHeaders.SENT);
            headers.remove(PositionHeaders.SKIPPED);
            headers.add(PositionHeaders.NEXT, ascii(next));
            headers.add(PositionHeaders.NEXT_ROW, ascii(nextRow));
            headers.add(PositionHeaders.SENT, ascii(sent));
            headers.add(PositionHeaders.SKIPPED, ascii(skipped));
            return;
        }
        if (config.headers() == JobConfig.HeadersMode.ROW) {
            headers.remove(PositionHeaders.ROW);
        }
        for (Header header : positionSet(row, offset, next)) {
            headers.add(header);
        }
        headers.add(PositionHeaders.SENT, ascii(sent));
        headers.add(PositionHeaders.SKIPPED, ascii(skipped));
        headers.add(PositionHeaders.NEXT_ROW, ascii(nextRow));
    }

    /** Where a row came from: what {@code --headers all} puts on every record and every anchor begins with. */
    private Header[] positionSet(long row, long offset, long next) {
        return new Header[] {
            new RecordHeader(PositionHeaders.ROW, ascii(row)),
            new RecordHeader(PositionHeaders.OFFSET, ascii(offset)),
            new RecordHeader(PositionHeaders.SOURCE, source),
            new RecordHeader(PositionHeaders.VERSION, version),
            new RecordHeader(PositionHeaders.JOB, job),
            new RecordHeader(PositionHeaders.NEXT, ascii(next)),
        };
    }

    /** A bad row for the dead-letter topic: its raw bytes (cut to fit) and why it was rejected. */
    ProducerRecord<byte[], byte[]> deadLetter(Row row, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(PositionHeaders.ERROR, utf8(reason));
        headers.add(PositionHeaders.ROW, ascii(row.number()));
        headers.add(PositionHeaders.OFFSET, ascii(row.offset()));
        headers.add(PositionHeaders.SOURCE, source);
        headers.add(PositionHeaders.VERSION, version);
        headers.add(PositionHeaders.JOB, job);
        byte[] value = row.copyBytes();
        // the raw bytes as far as the dead-letter topic takes them (uncompressed, to be sure), headers aside
        int room = Math.max(deadLetterMaxBytes / 2, deadLetterMaxBytes - 4096);
        if (value.length > room) {
            value = Arrays.copyOf(value, Math.max(0, room));
            headers.add("csv.truncated", ascii(row.length()));
        }
        return new ProducerRecord<>(config.onBadRow().dlqTopic(), null, (byte[]) null, value, headers);
    }

    private byte[] columnValue(Row row) {
        Fields f = fields.split(row);
        if (keyColumn >= f.count()) {
            return new byte[0];
        }
        return config.dialect().utf8() ? f.valueBytes(keyColumn)
                : f.value(keyColumn, config.dialect().charset()).getBytes(StandardCharsets.UTF_8);
    }

}
