package com.csvtokafka.transfer;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.JsonObjectRow;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.ValueFramer;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.source.KafkaRecords;
import com.csvtokafka.source.RecordBatch;
import com.csvtokafka.source.RecordSourceException;
import com.csvtokafka.typed.BadField;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One source partition's values read as rows ({@code --source-format json|csv}, docs/architecture.md, "Kafka
 * source"): each value becomes one {@link Row} of the job's columns — a JSON object through {@link JsonObjectRow},
 * CSV text as it is — framed by {@link ValueFramer}, and the row goes through the job's {@link RecordEncoder} as a
 * file's row does: --schema validation and typed output, --format, --columns, --rename, --timestamp, --key column:,
 * --header-column. What the encoder does not set comes from the source record: its key (unless --key column:),
 * its timestamp (unless --timestamp), and its headers, first, then the --header-column headers, then ours. A value
 * that is not a row, or does not convert, is a bad row under --on-bad-row; its dead letter holds the source's key
 * and value as they are and names the source partition and offset ({@code src.*}, and {@code csv.source} = the
 * partition's URI, {@code csv.offset} = the offset). Runs on the partition's reading thread.
 */
final class ValueShaper implements KafkaRecords.Shaper {
    private final JobConfig config;
    /** Remapped by key (--partitions): the partitions the record's final key chooses among; else null. */
    private final PartitionList remap;
    private final List<String> columns;
    private final RecordEncoder encoder;
    private final ValueFramer framer;
    /** Null for CSV values. */
    private final JsonObjectRow json;
    private final Row row = new Row();

    /**
     * @param config the partition copy's job, its partition the target partition
     * @param codec  the headers of the partition's dead letters
     */
    ValueShaper(JobConfig config, TopicLimits limits, AnchorCodec codec) throws ConfigurationException {
        boolean fromJson = config.sourceValues().format() == SourceValues.Format.JSON;
        // the encoder puts only the --header-column headers on a record: ours come with the source's copy; and it
        // leaves the partition to withSource, which knows the record's final key
        this.remap = config.partitions();
        this.config = config.toBuilder().headers(JobConfig.HeadersMode.MIN).dialect(fromJson ? utf8(config.dialect())
                : config.dialect()).partitions(null).lanes(0).build();
        this.columns = config.sourceValues().columns();
        this.encoder = new RecordEncoder(this.config, limits, codec, columns, "--source-columns");
        this.framer = new ValueFramer(this.config.dialect(), config.maxRowBytes());
        this.json = fromJson ? new JsonObjectRow(columns, this.config.dialect(), config.shape().nullValue()) : null;
    }

    /** The shaping of a Kafka source job's values: one shaper per partition copy. */
    static KafkaRecords.Shaping of(JobConfig config, TopicLimits limits) {
        return (partition, codec) -> {
            try {
                return new ValueShaper(config.toBuilder().partition(partition).build(), limits, codec);
            } catch (ConfigurationException e) {
                throw new RecordSourceException(e.getMessage(), true);
            }
        };
    }

    /** JSON is UTF-8 whatever --encoding says: the row written from it is too. */
    private static CsvDialect utf8(CsvDialect d) {
        return new CsvDialect(d.delimiter(), d.quote(), StandardCharsets.UTF_8, d.header(), d.lazyQuotes());
    }

    @Override
    public void shape(ConsumerRecord<byte[], byte[]> source, RecordBatch batch, int i) {
        ProducerRecord<byte[], byte[]> copy = batch.record[i];
        String error = frame(source, batch.number[i], batch.offset[i], batch.next[i]);
        ProducerRecord<byte[], byte[]> shaped = null;
        BadField badField = null;
        if (error == null) {
            try {
                shaped = encoder.encode(row);
                if (shaped == null) {
                    error = encoder.tooLarge(row);
                }
            } catch (BadField e) {
                badField = e;
                error = e.getMessage();
            }
        }
        if (error == null) {
            batch.record[i] = withSource(shaped, source, copy);
            return;
        }
        batch.record[i] = null;
        batch.error[i] = error;
        if (config.onBadRow().kind() == JobConfig.BadRowPolicy.Kind.DLQ) {
            batch.deadLetter[i] = deadLetter(source, batch.number[i], error, badField);
        }
    }

    /** The source value into {@link #row}; null, or why it is not a row of the job's columns. */
    private String frame(ConsumerRecord<byte[], byte[]> source, long number, long offset, long next) {
        if (source.value() == null) {
            return "the value is null (a tombstone): no row to read";
        }
        byte[] text = source.value();
        if (json != null) {
            try {
                text = json.row(source.value());
            } catch (JsonObjectRow.NotARow e) {
                return e.getMessage();
            }
        }
        framer.frame(text, number, offset, next, row);
        if (row.error() != null) {
            return row.error();
        }
        if (row.fieldCount() != columns.size()) {
            return "expected " + columns.size() + " fields (the columns " + columns + "), found " + row.fieldCount();
        }
        return null;
    }

    /**
     * The shaped record with what the encoder left unset taken from the source record: key, timestamp; and its
     * headers: the source's, the --header-column ones, then ours (those after the source's on the copy).
     */
    private ProducerRecord<byte[], byte[]> withSource(ProducerRecord<byte[], byte[]> shaped,
                                                      ConsumerRecord<byte[], byte[]> source,
                                                      ProducerRecord<byte[], byte[]> copy) {
        Header[] copied = copy.headers().toArray();
        Header[] columnHeaders = shaped.headers().toArray();
        int own = source.headers().toArray().length;
        Header[] all = new Header[copied.length + columnHeaders.length];
        System.arraycopy(copied, 0, all, 0, own);
        System.arraycopy(columnHeaders, 0, all, own, columnHeaders.length);
        System.arraycopy(copied, own, all, own + columnHeaders.length, copied.length - own);
        byte[] key = config.key().kind() == JobConfig.KeyMode.Kind.COLUMN ? shaped.key() : source.key();
        long timestamp = shaped.timestamp() != null ? shaped.timestamp() : source.timestamp();
        int partition = remap == null ? shaped.partition() : remap.forRecord(source.partition(), key);
        return new ProducerRecord<>(shaped.topic(), partition, timestamp, key, shaped.value(), new RecordHeaders(all));
    }

    /** The source's key and value as they are, why they were rejected, and the source partition and offset. */
    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> source, long number, String error,
                                                      BadField badField) {
        ProducerRecord<byte[], byte[]> letter = encoder.deadLetter(source.key(),
                source.value() == null ? new byte[0] : source.value(), number, source.offset(), error, badField);
        letter.headers().add(new RecordHeader(AnchorCodec.SRC_TOPIC, AnchorCodec.utf8(source.topic())));
        letter.headers().add(new RecordHeader(AnchorCodec.SRC_PARTITION, AnchorCodec.ascii(source.partition())));
        letter.headers().add(new RecordHeader(AnchorCodec.SRC_OFFSET, AnchorCodec.ascii(source.offset())));
        return letter;
    }
}
