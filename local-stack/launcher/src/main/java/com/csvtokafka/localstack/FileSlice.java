package com.csvtokafka.localstack;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * {@code length} bytes of a file from {@code offset}, streamed: one multipart-upload part. The SDK may ask for
 * a new stream to retry a part, so each call opens the file afresh.
 */
record FileSlice(Path file, long offset, long length) implements ContentStreamProvider {

    @Override
    public InputStream newStream() {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            return new Bounded(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " at byte " + offset, e);
        }
    }

    private static final class Bounded extends FilterInputStream {
        private long remaining;

        Bounded(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buffer, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }
}
