package com.csvtokafka.compress;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * gzip (RFC 1952) with the JDK's zlib: a raw {@link Inflater} per member, the header, CRC-32 and length checked
 * here. Any number of members, as {@code cat a.gz b.gz}, pigz, bgzip and appending writers make; empty members
 * (bgzip's end-of-file marker) included.
 *
 * <p>{@link java.util.zip.GZIPInputStream} is not used: it looks for a next member only when its inflater has
 * bytes left over or the source's {@code available()} says more is there, so it can stop early, silently, as if at
 * the end, when a member ends at a read boundary of a network stream (JDK-7036144; how a given JDK build behaves
 * has changed back and forth). Here the compressed bytes each member consumed are counted exactly
 * ({@link Inflater#getRemaining()}), which also gives every member's compressed start offset for resuming.
 */
final class GzipDecoder extends Decoder {
    private static final int FTEXT = 1;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private enum State { MEMBER_START, DATA, TRAILER, END }

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private State state = State.MEMBER_START;
    /** Decoded bytes of the current member, for its ISIZE check. */
    private long memberBytes;

    GzipDecoder(InputStream in, Seek from, SeekTable seeks) {
        super(Compression.GZIP, in, from, seeks);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            switch (state) {
                case MEMBER_START -> {
                    if (raw.peek(0) != 0x1F) {
                        expectEnd(2);
                        state = State.END;
                    } else {
                        memberStarts();
                        readHeader();
                        inflater.reset();
                        crc.reset();
                        memberBytes = 0;
                        state = State.DATA;
                    }
                }
                case DATA -> {
                    int n = inflate(b, off, len);
                    if (n > 0) {
                        return n;
                    }
                }
                case TRAILER -> {
                    // checked on the call after the member's last bytes were handed on, so that the decoded offset
                    // of a failure counts exactly the bytes handed on
                    readTrailer();
                    state = State.MEMBER_START;
                }
                default -> {
                    return -1;
                }
            }
        }
    }

    /** Inflates into {@code b}; at the member's end moves on to its trailer. */
    private int inflate(byte[] b, int off, int len) throws IOException {
        if (inflater.needsInput()) {
            if (raw.buffered() == 0 && !raw.fill()) {
                throw corrupt("truncated data: the input ends inside a member's compressed data");
            }
            // the inflater reads the buffer in place; it is refilled only once the inflater has consumed it all
            inflater.setInput(raw.buf, raw.pos, raw.buffered());
        }
        int n;
        try {
            n = inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
            throw corrupt("invalid deflate data (" + e.getMessage() + ")");
        }
        // what the inflater has not consumed of the bytes it was given ends the buffer
        raw.pos = raw.limit - inflater.getRemaining();
        crc.update(b, off, n);
        memberBytes += n;
        decoded += n;
        if (inflater.finished()) {
            state = State.TRAILER;
        } else if (n == 0 && !inflater.needsInput()) {
            throw corrupt("deflate data that needs a preset dictionary, which gzip does not have");
        }
        return n;
    }

    private void readHeader() throws IOException {
        CRC32 headerCrc = new CRC32();
        byte[] fixed = readExactly(10, "member header");
        headerCrc.update(fixed);
        if ((fixed[1] & 0xFF) != 0x8B || fixed[2] != 8) {
            throw corrupt("not a gzip member header (magic 1F 8B, method 8 expected)", raw.position() - 10);
        }
        int flags = fixed[3] & 0xFF;
        if ((flags & ~(FTEXT | FHCRC | FEXTRA | FNAME | FCOMMENT)) != 0) {
            throw corrupt("reserved flag bits set in a gzip member header", raw.position() - 7);
        }
        if ((flags & FEXTRA) != 0) {
            byte[] xlen = readExactly(2, "member header's extra field length");
            headerCrc.update(xlen);
            headerCrc.update(readExactly((xlen[0] & 0xFF) | (xlen[1] & 0xFF) << 8, "member header's extra field"));
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated(headerCrc, "file name");
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated(headerCrc, "comment");
        }
        if ((flags & FHCRC) != 0) {
            byte[] stored = readExactly(2, "member header's CRC-16");
            if (((stored[0] & 0xFF) | (stored[1] & 0xFF) << 8) != (int) (headerCrc.getValue() & 0xFFFF)) {
                throw corrupt("gzip member header CRC-16 mismatch");
            }
        }
    }

    private void readTrailer() throws IOException {
        byte[] t = readExactly(8, "member trailer (CRC-32 and length)");
        long storedCrc = le32(t, 0);
        long storedSize = le32(t, 4);
        if (storedCrc != crc.getValue()) {
            throw corrupt("CRC-32 mismatch at the end of a member (stored " + Long.toHexString(storedCrc)
                    + ", computed " + Long.toHexString(crc.getValue()) + ")");
        }
        if (storedSize != (memberBytes & 0xFFFFFFFFL)) {
            throw corrupt("length mismatch at the end of a member (stored " + storedSize + " mod 2^32, decoded "
                    + memberBytes + ")");
        }
    }

    private void skipZeroTerminated(CRC32 headerCrc, String what) throws IOException {
        int c;
        do {
            c = raw.read();
            if (c < 0) {
                throw corrupt("truncated data: the input ends inside a member header's " + what);
            }
            headerCrc.update(c);
        } while (c != 0);
    }

    private byte[] readExactly(int n, String what) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            int r = raw.read(out, got, n - got);
            if (r < 0) {
                throw corrupt("truncated data: the input ends inside a " + what);
            }
            got += r;
        }
        return out;
    }

    private static long le32(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        super.close();
    }
}
