package com.csvtokafka.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The record headers that say where a record came from (DESIGN §3). The last record of every transaction
 * carries the full set, the recovery anchor: from it alone a restart knows the next row and byte to read.
 */
public final class PositionHeaders {
    /** 1-based data-row number, decimal ASCII. */
    public static final String ROW = "csv.row";
    /** Byte offset of the row's first byte in the source. */
    public static final String OFFSET = "csv.offset";
    public static final String SOURCE = "csv.source";
    public static final String VERSION = "csv.version";
    /** The job that sent the record: recovery only trusts anchors of its own job. */
    public static final String JOB = "csv.job";
    /**
     * Byte offset just past the row's line terminator: where the next row starts. On a transaction's anchor: where
     * the next run resumes — past the anchor's row and past any bad rows handled after it in the same transaction
     * (skipped, or sent to the dead-letter topic in that transaction), so that a rerun does not handle them again.
     */
    public static final String NEXT = "csv.next";
    /**
     * On anchors: the number of the row at {@link #NEXT} (the anchor's row + 1, plus the bad rows handled after it
     * in its transaction). Anchors written before this header existed lack it: their next row is row + 1.
     */
    public static final String NEXT_ROW = "csv.next.row";
    /** Records this job has committed to the topic, this one included. */
    public static final String SENT = "csv.sent";
    /** Bad rows skipped (or sent to the dead-letter topic) before {@link #NEXT} (on anchors: the resume point). */
    public static final String SKIPPED = "csv.skipped";
    /** On dead-letter records: why the row was rejected. */
    public static final String ERROR = "csv.error";

    private PositionHeaders() {
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

    public static long number(Headers headers, String key) {
        return string(headers, key).map(Long::parseLong).orElseThrow(() -> new IllegalStateException(
                "record lacks the " + key + " header"));
    }
}
