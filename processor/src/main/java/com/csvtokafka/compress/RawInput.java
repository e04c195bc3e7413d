package com.csvtokafka.compress;

import java.io.IOException;
import java.io.InputStream;

/**
 * The compressed bytes as the decoders read them: buffered, with look-ahead, and counted, so that a decoder knows
 * the exact compressed offset where each member/frame/stream starts (only bytes a decoder consumed count, not bytes
 * buffered ahead). Its buffer is exposed to the gzip decoder, which hands it to the {@link java.util.zip.Inflater}
 * as it is.
 *
 * <p>{@link #close()} does nothing: libraries that close what they read (commons-compress) must not close the
 * source under the next member; the decoder that owns this closes the source with {@link #release()}.
 */
final class RawInput extends InputStream {
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    byte[] buf = new byte[BUFFER];
    /** Next byte to consume. */
    int pos;
    /** End of the buffered bytes. */
    int limit;
    /** Compressed offset of {@code buf[0]}. */
    private long bufOffset;
    private boolean eof;
    /** The last failure of the source itself: a read error, not corrupt data. */
    private IOException sourceFailure;

    RawInput(InputStream in, long startOffset) {
        this.in = in;
        this.bufOffset = startOffset;
    }

    /** Compressed offset of the next byte to consume. */
    long position() {
        return bufOffset + pos;
    }

    /** Buffered bytes not yet consumed. */
    int buffered() {
        return limit - pos;
    }

    /**
     * Reads more after what is buffered (moving unconsumed bytes to the front when the buffer is full); false at the
     * end of the source.
     */
    boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos == limit) {
            bufOffset += limit;
            pos = 0;
            limit = 0;
        } else if (limit == buf.length) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            bufOffset += pos;
            limit -= pos;
            pos = 0;
        }
        int n;
        try {
            n = in.read(buf, limit, buf.length - limit);
        } catch (IOException e) {
            sourceFailure = e;
            throw e;
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /** The {@code i}-th byte after the next one to consume (0 = the next), or -1 when the source ends before it. */
    int peek(int i) throws IOException {
        while (limit - pos <= i) {
            if (!fill()) {
                return -1;
            }
        }
        return buf[pos + i] & 0xFF;
    }

    /** True when every byte up to the end of the source is zero (consuming them); false at the first other byte. */
    boolean onlyZerosLeft() throws IOException {
        while (true) {
            while (pos < limit) {
                if (buf[pos] != 0) {
                    return false;
                }
                pos++;
            }
            if (!fill()) {
                return true;
            }
        }
    }

    /** Whether {@code e} is (or was caused by) a failure of the source rather than a decoding problem. */
    boolean isSourceFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t == sourceFailure) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == limit && !fill()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        // see the class comment: release() closes the source
    }

    void release() throws IOException {
        in.close();
    }
}
