package com.csvtokafka.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a stream up to a limit: what a shard reads of its byte range (docs/architecture.md, "Shards"). The
 * reader sees the end of its range as the end of the input, so it reads no row of the next shard.
 */
public final class RangeStream extends FilterInputStream {
    private long left;

    private RangeStream(InputStream in, long length) {
        super(in);
        this.left = length;
    }

    /** {@code in} itself when {@code length} is {@link Long#MAX_VALUE} (no limit). */
    public static InputStream of(InputStream in, long length) {
        return length == Long.MAX_VALUE ? in : new RangeStream(in, length);
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) {
            return -1;
        }
        int b = super.read();
        if (b >= 0) {
            left--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
            return len == 0 ? 0 : -1;
        }
        int n = super.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, left));
        left -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), left);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
