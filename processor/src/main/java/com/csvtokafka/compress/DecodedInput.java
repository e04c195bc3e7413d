package com.csvtokafka.compress;

import com.csvtokafka.source.NotCsvException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * An input's decoded bytes from a resume offset on, whatever its compression, and where a later resume can start.
 *
 * <p>{@link #open} opens the raw bytes at a {@link Seek} (a member/frame/stream start, or {@link Seek#START}),
 * decodes, and drops the decoded bytes before the target offset, so that the first byte read is the byte at the
 * target. Uncompressed input seeks straight to the target. While reading, {@link #seekFor} gives for an offset
 * already read the latest member start at or before it: stored with a committed row's offset, it makes the next
 * resume decode only from that member. A gzip file of one member, a zstd file of one frame or a bzip2 file of one
 * stream has no start but the first: a resume decodes from the beginning and drops everything before the target
 * ({@link #skipped()} says how much and how long, for the logs).
 *
 * <p>{@code decodeAhead} runs the decoder on a thread of its own ({@link DecodeAhead}): reading then costs a copy,
 * and decompression happens beside the caller. The resume skip happens in {@link #open}, on the caller's thread,
 * which is interruptible ({@link InterruptedIOException}) for a clean stop during a long skip.
 */
public final class DecodedInput extends InputStream {
    private static final int SKIP_BUFFER = 1 << 18;

    private final Compression compression;
    private final InputStream in;
    private final SeekTable seeks;
    private final Skipped skipped;
    /** Decoded offset of the next byte read; written by the reading thread only. */
    private volatile long position;

    private DecodedInput(Compression compression, InputStream in, SeekTable seeks, long position, Skipped skipped) {
        this.compression = compression;
        this.in = in;
        this.seeks = seeks;
        this.position = position;
        this.skipped = skipped;
    }

    /** {@link #open(RawOpener, Compression, Seek, long, boolean)} decoding on the caller's thread. */
    public static DecodedInput open(RawOpener raw, Compression compression, Seek from, long targetDecodedOffset)
            throws IOException {
        return open(raw, compression, from, targetDecodedOffset, false);
    }

    /**
     * @param raw                 opens the compressed bytes at an offset
     * @param compression         {@link Compression#AUTO} detects it from the bytes at {@code from.rawOffset()}:
     *                            pass the one resolved at the job's start ({@link #compression()}) when resuming
     * @param from                where decoding starts: {@link Seek#START} or a {@link #seekFor} answer
     * @param targetDecodedOffset the decoded offset of the first byte to read, at or after {@code from}
     * @param decodeAhead         decode on a thread of its own
     * @throws NotCsvException       {@code compression} names a format the input at its start is not in
     * @throws CorruptInputException the data cannot be decoded, or ends before the target
     */
    public static DecodedInput open(RawOpener raw, Compression compression, Seek from, long targetDecodedOffset,
                                    boolean decodeAhead) throws IOException {
        if (targetDecodedOffset < from.decodedOffset()) {
            throw new IllegalArgumentException("target decoded offset " + targetDecodedOffset
                    + " is before the seek point " + from);
        }
        if (compression == Compression.NONE) {
            return plain(raw, from, targetDecodedOffset, decodeAhead);
        }
        InputStream source = raw.open(from.rawOffset());
        Decoder decoder = null;
        try {
            RawPeek peek = new RawPeek(source);
            Compression actual = compression == Compression.AUTO ? peek.detected() : compression;
            // (an input shorter than a magic number is left to the decoder: "truncated" or "not ... data")
            if (from.equals(Seek.START) && peek.detected() != actual && peek.length == Compression.MAGIC_BYTES) {
                throw new NotCsvException("the input is not " + actual.label() + "-compressed (its first bytes are "
                        + (peek.detected() == Compression.NONE ? "no compressed format's magic number"
                        : peek.detected().label() + "'s magic number") + ")",
                        "use --compression auto (the default), which tells the format by the first bytes");
            }
            if (actual == Compression.NONE) {
                if (from.rawOffset() != from.decodedOffset()) {
                    throw new IllegalArgumentException("uncompressed input has no seek point " + from);
                }
                if (targetDecodedOffset == from.rawOffset()) {
                    return new DecodedInput(actual, ahead(peek.stream(), decodeAhead, actual), null,
                            targetDecodedOffset, Skipped.NOTHING);
                }
                source.close();
                return plain(raw, from, targetDecodedOffset, decodeAhead);
            }
            SeekTable seeks = new SeekTable(from);
            decoder = Decoder.of(actual, peek.stream(), from, seeks);
            Skipped skipped = skip(decoder, targetDecodedOffset - from.decodedOffset());
            return new DecodedInput(actual, ahead(decoder, decodeAhead, actual), seeks, targetDecodedOffset, skipped);
        } catch (IOException | RuntimeException | Error e) {
            try {
                if (decoder != null) {
                    decoder.close(); // frees the native decoder too, and closes the source
                } else {
                    source.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Uncompressed input: every offset is a seek point, so it opens at the target and skips nothing. */
    private static DecodedInput plain(RawOpener raw, Seek from, long target, boolean decodeAhead) throws IOException {
        if (from.rawOffset() != from.decodedOffset()) {
            throw new IllegalArgumentException("uncompressed input has no seek point " + from);
        }
        return new DecodedInput(Compression.NONE, ahead(raw.open(target), decodeAhead, Compression.NONE), null,
                target, Skipped.NOTHING);
    }

    private static InputStream ahead(InputStream in, boolean decodeAhead, Compression compression) {
        // plain input needs no decoding thread: the reader's own thread reads it as fast as a copy would
        return decodeAhead && compression != Compression.NONE ? new DecodeAhead(in, "decode-" + compression.label()) : in;
    }

    private static Skipped skip(Decoder decoder, long bytes) throws IOException {
        if (bytes == 0) {
            return Skipped.NOTHING;
        }
        long started = System.nanoTime();
        byte[] scratch = new byte[SKIP_BUFFER];
        long left = bytes;
        while (left > 0) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while skipping to the resume offset, "
                        + (bytes - left) + " of " + bytes + " decoded bytes skipped");
            }
            int n = decoder.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (n < 0) {
                throw new CorruptInputException(decoder.format, "the decoded data ends at byte " + decoder.decoded
                        + ", before the resume offset " + (decoder.decoded + left)
                        + " (is it the input the job started with?)", decoder.raw.position(), decoder.decoded);
            }
            left -= n;
        }
        return new Skipped(bytes, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The input's compression, never {@link Compression#AUTO}: pin it for resumes. */
    public Compression compression() {
        return compression;
    }

    /** Decoded offset of the next byte {@link #read} returns. */
    public long position() {
        return position;
    }

    /** What {@link #open} decoded and dropped to reach the target offset. */
    public Skipped skipped() {
        return skipped;
    }

    /**
     * Where a later resume at {@code decodedOffset} can start decoding: the latest member/frame/stream start at or
     * before it (for uncompressed input, the offset itself). Ask only for offsets already read, in non-decreasing
     * order (committed rows' offsets are); thread-safe.
     */
    public Seek seekFor(long decodedOffset) {
        if (decodedOffset > position) {
            throw new IllegalArgumentException("decoded offset " + decodedOffset + " has not been read yet (at "
                    + position + ")");
        }
        return seeks == null ? new Seek(decodedOffset, decodedOffset) : seeks.seekFor(decodedOffset);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The first bytes of the raw input, looked at for the magic number and then read again. */
    private static final class RawPeek {
        private final InputStream source;
        private final byte[] head = new byte[Compression.MAGIC_BYTES];
        private final int length;

        RawPeek(InputStream source) throws IOException {
            this.source = source;
            int n = 0;
            int r;
            while (n < head.length && (r = source.read(head, n, head.length - n)) >= 0) {
                n += r;
            }
            this.length = n;
        }

        Compression detected() {
            return Compression.detect(head, length);
        }

        InputStream stream() {
            return new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head, 0, length), source);
        }
    }
}
