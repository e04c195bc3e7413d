package com.csvtokafka.compress;

import java.io.IOException;
import java.io.InputStream;

/**
 * A decompressor for one format that reports where its members/frames/streams start: the base of
 * {@link GzipDecoder}, {@link ZstdDecoder} and {@link Bzip2Decoder}. It starts at a member boundary ({@code from})
 * and counts decoded bytes from {@code from.decodedOffset()}.
 */
abstract class Decoder extends BulkInputStream {
    final Compression format;
    final RawInput raw;
    final SeekTable seeks;
    /** Decoded offset of the next byte {@link #read} returns. */
    long decoded;
    /** Members (frames, streams) started so far. */
    long members;

    Decoder(Compression format, InputStream in, Seek from, SeekTable seeks) {
        this.format = format;
        this.raw = new RawInput(in, from.rawOffset());
        this.seeks = seeks;
        this.decoded = from.decodedOffset();
    }

    static Decoder of(Compression format, InputStream in, Seek from, SeekTable seeks) {
        return switch (format) {
            case GZIP -> new GzipDecoder(in, from, seeks);
            case ZSTD -> new ZstdDecoder(in, from, seeks);
            case BZIP2 -> new Bzip2Decoder(in, from, seeks);
            default -> throw new IllegalArgumentException("no decoder for " + format);
        };
    }

    /** A member starts at the current compressed position and decoded offset. */
    void memberStarts() {
        members++;
        seeks.add(raw.position(), decoded);
    }

    /**
     * Where a member could start but the next bytes are not a member's magic number: returns at the end of the input
     * (also after trailing zero bytes, which tape and block-device tools pad with and gzip itself ignores); throws a
     * {@link CorruptInputException} for anything else, or for an input with no member at all.
     *
     * @param magicLength bytes of the format's magic number: fewer left than that is a truncated member header
     */
    void expectEnd(int magicLength) throws IOException {
        long at = raw.position();
        if (raw.peek(0) < 0) {
            if (members == 0) {
                throw corrupt("no " + format.label() + " data: the input is empty", at);
            }
            return;
        }
        boolean shortTail = raw.peek(magicLength - 1) < 0;
        if (members > 0 && raw.onlyZerosLeft()) {
            return;
        }
        if (shortTail) {
            throw corrupt("truncated data: the input ends inside a member header", at);
        }
        throw corrupt(members == 0 ? "not " + format.label() + " data (no " + format.label() + " magic number)"
                : "data after the last " + format.label() + " member that is not a " + format.label() + " member", at);
    }

    CorruptInputException corrupt(String problem) {
        return corrupt(problem, raw.position());
    }

    CorruptInputException corrupt(String problem, long rawOffset) {
        return new CorruptInputException(format, problem, rawOffset, decoded);
    }

    @Override
    public void close() throws IOException {
        raw.release();
    }
}
