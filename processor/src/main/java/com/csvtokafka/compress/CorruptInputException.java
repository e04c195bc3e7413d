package com.csvtokafka.compress;

import com.csvtokafka.source.SourceUnusableException;

/**
 * Compressed input that cannot be decoded: corrupt, truncated, or with something after its last member that is
 * not a member. Decoding more will not help, so it is a {@link SourceUnusableException}. The message says what
 * is wrong, about where in the compressed bytes, and the decoded offset reached ({@link #decodedOffset()}: how many
 * decoded bytes were handed on before the problem), so the caller can name the last good row before it.
 *
 * <p>Checksums (gzip's and bzip2's CRC, zstd's optional one) cover a whole member, block or frame and are checked
 * at its end; a streaming reader has handed on that member's bytes by then. Corruption inside compressed data is
 * nearly always caught earlier by the format itself (invalid codes), but a checksum error means the bytes of the
 * member that ends at the error are suspect, not only what follows.
 */
public final class CorruptInputException extends SourceUnusableException {
    private final Compression compression;
    private final long rawOffset;
    private final long decodedOffset;

    public CorruptInputException(Compression compression, String problem, long rawOffset, long decodedOffset) {
        super(problem + " in " + compression.label() + " input at compressed byte offset " + rawOffset
                + " (decoded byte offset " + decodedOffset + " reached)");
        this.compression = compression;
        this.rawOffset = rawOffset;
        this.decodedOffset = decodedOffset;
    }

    public Compression compression() {
        return compression;
    }

    /** About where in the compressed bytes the problem was found (decoders read ahead a little). */
    public long rawOffset() {
        return rawOffset;
    }

    /** How many decoded bytes (from the start of the input) came out before the problem. */
    public long decodedOffset() {
        return decodedOffset;
    }
}
