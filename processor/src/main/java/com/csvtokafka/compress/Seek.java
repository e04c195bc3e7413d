package com.csvtokafka.compress;

import com.csvtokafka.position.Position;

/**
 * Where decoding can start without reading what comes before: the compressed byte offset of a member (gzip), frame
 * (zstd) or stream (bzip2) and the decoded byte offset its first byte has. For uncompressed input every offset is
 * one ({@code rawOffset == decodedOffset}); for a single-member file the only one is {@link #START}.
 *
 * <p>A resume position for compressed input is this pair plus the decoded offset of the next row: open the raw bytes
 * at {@code rawOffset} (a ranged GET), decode, and drop the decoded bytes up to the row (see {@link DecodedInput}).
 */
public record Seek(long rawOffset, long decodedOffset) {
    public static final Seek START = new Seek(0, 0);

    public Seek {
        if (rawOffset < 0 || decodedOffset < 0) {
            throw new IllegalArgumentException("offsets must not be negative: " + rawOffset + ", " + decodedOffset);
        }
    }

    /** The decoder's restart point of a {@link Position}'s seek: the one conversion between the two. */
    public static Seek of(Position.Seek seek) {
        return new Seek(seek.raw(), seek.decoded());
    }

    /** This restart point as a {@link Position} records it. */
    public Position.Seek toPosition() {
        return new Position.Seek(rawOffset, decodedOffset);
    }
}
