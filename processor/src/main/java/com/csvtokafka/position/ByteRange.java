package com.csvtokafka.position;

/**
 * The rows of one input a shard moves (docs/architecture.md, "Shards"): from the row at {@code start} up to, not
 * including, the row that starts at {@code end} (the next shard's first row). Both are row boundaries found by one
 * quote-aware pass over the file, so no row is ever split; offsets are offsets in the input's decoded stream.
 *
 * @param start where the shard's first row starts: its offset, its row number within the file and where a decoder
 *              can start to reach it; offset 0 (row 0, the header row) for the first shard
 * @param end   where the next shard's first row starts; {@link #TO_THE_END} for the last shard
 */
public record ByteRange(Position start, long end) {
    public static final long TO_THE_END = Long.MAX_VALUE;

    public ByteRange {
        if (start.input() != 0 || start.sent() != 0 || start.skipped() != 0 || end < start.offset()) {
            throw new IllegalArgumentException("not a byte range: " + start + " to " + end);
        }
    }

    /** True when {@code offset} (a row boundary) lies in the range or at its end. */
    public boolean holds(long offset) {
        return offset >= start.offset() && offset <= end;
    }

    /** {@code bytes 1000-2000 (rows from 12)}. */
    public String describe() {
        return "bytes " + start.offset() + "-" + (end == TO_THE_END ? "end" : Long.toString(end)) + " (rows from "
                + start.row() + ")";
    }
}
