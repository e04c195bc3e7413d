package com.csvtokafka.position;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The one owner of the position headers (docs/architecture.md, "Anchor format"): writes where a record came from
 * into its headers and reads a transaction's anchor back into a {@link Position}.
 *
 * <p>Every record may carry {@code csv.row}; the last record of each transaction (the <em>anchor</em>) carries the
 * whole set, from which alone a restart knows the next input, byte and row to read:
 * <pre>
 *   csv.anchor   the layout's version (2); absent on anchors written by 0.1, read as version 1
 *   csv.row      the record's row number within its input      csv.offset  the row's first byte
 *   csv.source   the input's URI                               csv.version the input's version
 *   csv.job      the job id                                    csv.input   the input's index in the set (v2)
 *   csv.next     where the next run resumes (byte)             csv.next.row the row number there
 *   csv.sent     records the job committed, this one included  csv.skipped bad rows handled before csv.next
 *   csv.seek     RAW:DECODED, a decoder restart point for csv.next (compressed inputs only; v2)
 *   csv.set      the digest of the job's pinned input set (prefix, directory and manifest jobs only; v2)
 *   csv.gen      the job's generation: which of its starts over (by {@code reset}) wrote it; absent = 0
 * </pre>
 * {@code csv.source}/{@code csv.version} name the anchor record's own input; {@code csv.input} and {@code csv.next}
 * the resume point, which is the next input's start when the record was its input's last row.
 * Version 1 anchors lack {@code csv.input} (input 0), {@code csv.seek} (plain), and the oldest also
 * {@code csv.next.row} (row + 1) and {@code csv.skipped} (0). Numbers are decimal ASCII, strings UTF-8.
 */
public final class AnchorCodec {
    public static final int FORMAT = 2;

    public static final String ANCHOR = "csv.anchor";
    public static final String ROW = "csv.row";
    public static final String OFFSET = "csv.offset";
    public static final String SOURCE = "csv.source";
    public static final String VERSION = "csv.version";
    public static final String JOB = "csv.job";
    public static final String INPUT = "csv.input";
    public static final String NEXT = "csv.next";
    public static final String NEXT_ROW = "csv.next.row";
    public static final String SENT = "csv.sent";
    public static final String SKIPPED = "csv.skipped";
    public static final String SEEK = "csv.seek";
    public static final String SET = "csv.set";
    public static final String GEN = "csv.gen";
    /** On dead-letter records: why the row was rejected. */
    public static final String ERROR = "csv.error";
    /** On dead-letter records of a value that did not convert to its typed field: the column. */
    public static final String ERROR_COLUMN = "csv.error.column";
    /** ... and the value as it stood in the CSV, cut to 100 characters. */
    public static final String ERROR_VALUE = "csv.error.value";
    /** On dead-letter records cut to fit the topic: the row's full length. */
    public static final String TRUNCATED = "csv.truncated";
    /** On records copied from a Kafka source (shared/DESIGN.md §9): the source topic, partition and offset. */
    public static final String SRC_TOPIC = "src.topic";
    public static final String SRC_PARTITION = "src.partition";
    public static final String SRC_OFFSET = "src.offset";

    private static final byte[] FORMAT_BYTES = ascii(FORMAT);

    private final byte[] job;
    private final byte[] source;
    private final byte[] version;
    private final byte[] set;
    /** Null for generation 0, whose anchors carry no {@code csv.gen}: they read as what earlier releases wrote. */
    private final byte[] generation;

    /** A codec for generation 0 of a job (never reset). */
    public AnchorCodec(String jobId, String sourceUri, String sourceVersion, String setDigest) {
        this(jobId, sourceUri, sourceVersion, setDigest, 0);
    }

    /**
     * A codec for the records of one input of a job.
     *
     * @param setDigest  the pinned input set's digest, or null for a one-file job
     * @param generation the job's generation (docs/architecture.md, "Generations")
     */
    public AnchorCodec(String jobId, String sourceUri, String sourceVersion, String setDigest, long generation) {
        this.job = utf8(jobId);
        this.source = utf8(sourceUri);
        this.version = utf8(sourceVersion);
        this.set = setDigest == null ? null : utf8(setDigest);
        this.generation = generation == 0 ? null : ascii(generation);
    }

    /** An upper bound of the bytes the anchor's headers add to a record, for size checks. */
    public int anchorBytes() {
        return source.length + version.length + job.length + (set == null ? 0 : set.length) + 16 * (16 + 20);
    }

    /**
     * True for a header name of ours ({@code csv.*}, {@code src.*}): a record copied from a Kafka source carries the
     * source's headers first and ours after them, so only a trailing run of such names is ours.
     */
    public static boolean isOwnHeader(String name) {
        return name.startsWith("csv.") || name.startsWith("src.");
    }

    /**
     * A position header this codec put on a record. The anchor replaces exactly these (see {@link #writeAnchor}):
     * a header of the same name that came with the record (a Kafka source's own {@code csv.row}, say) stays.
     */
    private static final class PositionHeader extends RecordHeader {
        PositionHeader(String key, byte[] value) {
            super(key, value);
        }
    }

    /** The one header {@code --headers row} puts on every record. */
    public static Header rowHeader(long row) {
        return new PositionHeader(ROW, ascii(row));
    }

    /** Where a row came from: what {@code --headers all} puts on every record. */
    public Header[] positionSet(long row, long offset, long next) {
        return new Header[] {
            new PositionHeader(ROW, ascii(row)),
            new PositionHeader(OFFSET, ascii(offset)),
            new PositionHeader(SOURCE, source),
            new PositionHeader(VERSION, version),
            new PositionHeader(JOB, job),
            new PositionHeader(NEXT, ascii(next)),
        };
    }

    /**
     * Makes a transaction's last record its anchor: adds (or completes) the whole set. Written only when the
     * record is known to be the last of its transaction, just before the commit.
     *
     * @param row    the record's own row number, {@code offset} its first byte
     * @param resume where the next run resumes (past bad rows handled after this row in the same transaction)
     */
    public void writeAnchor(Headers headers, long row, long offset, Position resume) {
        int own = 0; // the position headers put on the record when it was made: always its last ones
        Header[] all = headers.toArray();
        while (own < all.length && all[all.length - 1 - own] instanceof PositionHeader) {
            own++;
        }
        Iterator<Header> it = headers.iterator();
        for (int i = 0; it.hasNext(); i++) {
            it.next();
            if (i >= all.length - own) {
                it.remove();
            }
        }
        for (Header header : positionSet(row, offset, resume.offset())) {
            headers.add(header);
        }
        headers.add(ANCHOR, FORMAT_BYTES);
        headers.add(INPUT, ascii(resume.input()));
        if (set != null) {
            headers.add(SET, set);
        }
        if (generation != null) {
            headers.add(GEN, generation);
        }
        headers.add(NEXT_ROW, ascii(resume.row()));
        headers.add(SENT, ascii(resume.sent()));
        headers.add(SKIPPED, ascii(resume.skipped()));
        if (!resume.seek().isPlain(resume.offset())) {
            headers.add(SEEK, utf8(resume.seek().raw() + ":" + resume.seek().decoded()));
        }
    }

    /** The dead letter's headers: why, and where the row came from. */
    public Header[] deadLetterHeaders(String reason, long row, long offset) {
        return new Header[] {
            new RecordHeader(ERROR, utf8(reason)),
            new RecordHeader(ROW, ascii(row)),
            new RecordHeader(OFFSET, ascii(offset)),
            new RecordHeader(SOURCE, source),
            new RecordHeader(VERSION, version),
            new RecordHeader(JOB, job),
        };
    }

    /** True for an anchor record written by job {@code jobId} (any layout version). */
    public static boolean isAnchorOf(Headers headers, String jobId) {
        return string(headers, JOB).filter(jobId::equals).isPresent() && headers.lastHeader(SENT) != null;
    }

    /** True for an anchor record of any job. */
    public static boolean isAnchor(Headers headers) {
        return headers.lastHeader(JOB) != null && headers.lastHeader(SENT) != null;
    }

    /** The generation an anchor's headers carry (0 when they carry none: see {@link #GEN}). */
    public static long generation(Headers headers) {
        return string(headers, GEN).map(Long::parseLong).orElse(0L);
    }

    /** Reads an anchor record's headers (see {@link #isAnchorOf}); 0.1's layout reads as format 1. */
    public static Anchor read(Headers headers, long kafkaOffset) {
        long row = number(headers, ROW);
        long next = number(headers, NEXT);
        int format = string(headers, ANCHOR).map(Integer::parseInt).orElse(1);
        Position.Seek seek = string(headers, SEEK).map(AnchorCodec::seek).orElse(Position.Seek.plain(next));
        Position resume = new Position(
                string(headers, INPUT).map(Integer::parseInt).orElse(0),
                next,
                string(headers, NEXT_ROW).map(Long::parseLong).orElse(row + 1),
                number(headers, SENT),
                string(headers, SKIPPED).map(Long::parseLong).orElse(0L),
                seek);
        return new Anchor(string(headers, JOB).orElseThrow(), row, number(headers, OFFSET), resume,
                string(headers, SOURCE).orElse(""), string(headers, VERSION).orElse(""),
                string(headers, SET).orElse(null), format, kafkaOffset,
                generation(headers));
    }

    private static Position.Seek seek(String value) {
        int colon = value.indexOf(':');
        return new Position.Seek(Long.parseLong(value.substring(0, colon)), Long.parseLong(value.substring(colon + 1)));
    }

    /** A record's row number header, when it has one. */
    public static Optional<Long> row(Headers headers) {
        return string(headers, ROW).map(Long::parseLong);
    }

    public static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public static Optional<String> string(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static long number(Headers headers, String key) {
        return string(headers, key).map(Long::parseLong).orElseThrow(() -> new IllegalStateException(
                "record lacks the " + key + " header"));
    }
}
