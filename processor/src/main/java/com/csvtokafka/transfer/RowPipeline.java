package com.csvtokafka.transfer;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.ByteRange;
import com.csvtokafka.source.RangeStream;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.compress.Compression;
import com.csvtokafka.compress.DecodedInput;
import com.csvtokafka.compress.Seek;
import com.csvtokafka.source.InputSniffer;
import com.csvtokafka.source.RecordBatch;
import com.csvtokafka.source.RecordSourceException;
import com.csvtokafka.source.RecordStream;
import com.csvtokafka.typed.BadField;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One input of a {@link FileRecords} source (docs/architecture.md, "Row pipeline"): the file opened at a position,
 * framed into rows, each row validated and encoded into its record (or its reason to be bad, and its dead letter) on
 * a reading thread of its own, handed to the sending thread in batches in file order.
 */
final class RowPipeline implements RecordStream {
    private final JobConfig config;
    private final TooLargeRows tooLarge;
    /** The input's index in the job's set. */
    private final int input;
    private final DecodedInput decoded;
    private final RawCount raw;
    private final RowFramer framer;
    private final List<String> header;
    /** The input's URI, for messages about its header. */
    private final String uri;
    private final TopicLimits limits;
    private RecordEncoder encoder;
    private ReadAhead rows;

    private RowPipeline(JobConfig config, TopicLimits limits, TooLargeRows tooLarge, int input, DecodedInput decoded,
                        RawCount raw, RowFramer framer, List<String> header, String uri) {
        this.config = config;
        this.limits = limits;
        this.uri = uri;
        this.tooLarge = tooLarge;
        this.input = input;
        this.decoded = decoded;
        this.raw = raw;
        this.framer = framer;
        this.header = header;
    }

    /**
     * Opens the input at {@code from}. The header row is read where it stands at the start of an input, or again
     * from the input's start on a resume (the only bytes a resume reads twice).
     *
     * @param end where reading stops (exclusive; a row boundary): the end of a shard's byte range, or
     *            {@link ByteRange#TO_THE_END}
     */
    static RowPipeline open(Source source, SourceInfo info, Position from, long end, JobConfig config,
                            TopicLimits limits, TooLargeRows tooLarge) throws IOException, RecordSourceException {
        RawCount raw = new RawCount();
        DecodedInput decoded = decode(source, info, raw, from.seek(), from.offset(), config);
        InputStream in = from.atInputStart() ? InputSniffer.checked(decoded, info.uri()) : decoded;
        in = RangeStream.of(in, end == ByteRange.TO_THE_END ? Long.MAX_VALUE : end - from.offset());
        RowFramer framer = new RowFramer(in, from.offset(), from.row(), config.dialect(), config.maxRowBytes());
        try {
            List<String> header = null;
            if (config.dialect().header()) {
                header = from.atInputStart() ? readHeader(framer, info, config) : readHeaderFromStart(source, info, config);
            }
            return new RowPipeline(config, limits, tooLarge, from.input(), decoded, raw, framer, header, info.uri());
        } catch (IOException | RecordSourceException | RuntimeException e) {
            framer.close();
            throw e;
        }
    }

    /**
     * The input's decoded bytes from {@code offset}: a plain input opened right there; a compressed one decoded on
     * a thread of its own from {@code seek} (a member or frame start, or its start) with what comes before
     * {@code offset} decoded and dropped.
     */
    private static DecodedInput decode(Source source, SourceInfo info, RawCount raw, Position.Seek seek, long offset,
                                       JobConfig config) throws IOException {
        return DecodedInput.open(rawOffset -> raw.counting(source.open(info, rawOffset), rawOffset),
                config.compression(), Seek.of(seek), offset, true);
    }

    /** The compression the input turned out to have. */
    @Override
    public String encoding() {
        return decoded.compression().label();
    }

    /** The decoded bytes a resume at this input's position dropped. */
    @Override
    public long skippedBytes() {
        return decoded.skipped().bytes();
    }

    @Override
    public long skippedMillis() {
        return decoded.skipped().took().toMillis();
    }

    /** A member or frame start for a compressed input; null for a plain one (it opens at any row). */
    @Override
    public Position.Seek seekFor(long offset) {
        return decoded.compression() == Compression.NONE ? null : decoded.seekFor(offset).toPosition();
    }

    /** How far into the raw (compressed) input the reading has come: for progress and its ETA. */
    @Override
    public long storedPosition(long decodedOffset) {
        return decoded.compression() == Compression.NONE ? decodedOffset : raw.position();
    }

    /** The input's column names; null without a header row. */
    @Override
    public List<String> header() {
        return header;
    }

    /** The header row of {@code input}, read from its start. */
    static List<String> header(Source source, SourceInfo input, JobConfig config) throws IOException,
            RecordSourceException {
        return readHeaderFromStart(source, input, config);
    }

    /** True when the input has a header row but nothing at all was there to read (an empty file). */
    @Override
    public boolean empty() {
        return config.dialect().header() && header == null;
    }

    /** Starts the reading thread; records are built for the topic's limits with {@code codec}'s headers. */
    @Override
    public void start(AnchorCodec codec) throws RecordSourceException {
        try {
            encoder = new RecordEncoder(config, limits, codec, header, uri);
        } catch (ConfigurationException e) {
            throw new RecordSourceException(e.getMessage(), true);
        }
        rows = new ReadAhead(framer, this::convert, "csv-to-kafka-reader").start();
    }

    /** The next batch of rows, or null if none is ready within a moment (see {@link ReadAhead#poll}). */
    @Override
    public RecordBatch poll() throws InterruptedException {
        return rows.poll();
    }

    @Override
    public void recycle(RecordBatch batch) {
        rows.recycle(batch);
    }

    /** On the reading thread: a framed row becomes its record, or the reason it is bad. */
    private void convert(Row row, RecordBatch into) {
        String error = validate(row);
        if (error == null && tooLarge.contains(input, row.offset())) {
            error = encoder.rejectedByBroker(row);
        }
        ProducerRecord<byte[], byte[]> record = null;
        BadField badField = null;
        if (error == null) {
            try {
                record = encoder.encode(row);
                if (record == null) {
                    error = encoder.tooLarge(row);
                }
            } catch (BadField e) {
                badField = e;
                error = e.getMessage();
            }
        }
        ProducerRecord<byte[], byte[]> deadLetter = error != null
                && config.onBadRow().kind() == JobConfig.BadRowPolicy.Kind.DLQ ? encoder.deadLetter(row, error, badField)
                : null;
        into.add(row.number(), row.offset(), row.nextOffset(), record, error, deadLetter);
    }

    private String validate(Row row) {
        if (row.error() != null) {
            return row.error();
        }
        if (header != null && row.fieldCount() != header.size()) {
            return "expected " + header.size() + " fields (as in the header), found " + row.fieldCount();
        }
        return null;
    }

    private static List<String> readHeader(RowFramer from, SourceInfo info, JobConfig config) throws IOException,
            RecordSourceException {
        Row row = new Row();
        if (!from.next(row)) {
            return null;
        }
        if (row.error() != null) {
            throw new RecordSourceException("the header row of " + info.uri() + " is malformed: " + row.error(), false);
        }
        return new Fields(config.dialect()).split(row).values(config.dialect().charset());
    }

    private static List<String> readHeaderFromStart(Source source, SourceInfo info, JobConfig config)
            throws IOException, RecordSourceException {
        DecodedInput start = DecodedInput.open(offset -> source.open(info, offset), config.compression(), Seek.START, 0,
                false);
        try (RowFramer first = new RowFramer(start, 0, 0, config.dialect(), config.maxRowBytes())) {
            List<String> names = readHeader(first, info, config);
            if (names == null) {
                throw new RecordSourceException("the source " + info.uri() + " has no header row any more", false);
            }
            return names;
        }
    }

    /** Counts the raw bytes read, from the offset the raw input was opened at. */
    private static final class RawCount {
        private volatile long position;

        InputStream counting(InputStream in, long from) {
            position = from;
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        position++;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        position += n;
                    }
                    return n;
                }
            };
        }

        long position() {
            return position;
        }
    }

    @Override
    public void close() throws IOException {
        if (rows != null) {
            rows.close(); // closes the framer too
        } else {
            framer.close();
        }
    }
}
