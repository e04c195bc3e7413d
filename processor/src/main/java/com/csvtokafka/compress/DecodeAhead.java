package com.csvtokafka.compress;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream ahead on a thread of its own, so that decompression (or a slow source) runs beside the thread that
 * frames and sends rows instead of in its way. Memory is flat: {@code buffers} buffers of {@code bufferSize} bytes,
 * allocated once and passed back and forth between two queues (filled ones to the reader, drained ones back).
 *
 * <p>A failure of the source (a {@link CorruptInputException}, a read error) reaches the reader after the bytes
 * read before it, as the same exception, and again on every later read. {@link #close()} stops the thread and
 * closes the source on it; a thread stuck in a read of a source that ignores interrupts gets the source closed
 * under it after a grace period, which is how blocking streams are unblocked.
 */
public final class DecodeAhead extends BulkInputStream {
    public static final int DEFAULT_BUFFERS = 4;
    public static final int DEFAULT_BUFFER_SIZE = 1 << 20;
    private static final long CLOSE_GRACE_MILLIS = 2_000;

    private static final class Chunk {
        final byte[] data;
        int length;
        int pos;
        boolean end;
        Throwable failure;

        Chunk(int size) {
            data = new byte[size];
        }
    }

    private final InputStream source;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<Chunk> free;
    private final Thread thread;
    private volatile boolean closed;
    private Chunk current;
    private Throwable failure;
    private boolean end;

    public DecodeAhead(InputStream source, String threadName) {
        this(source, DEFAULT_BUFFERS, DEFAULT_BUFFER_SIZE, threadName);
    }

    public DecodeAhead(InputStream source, int buffers, int bufferSize, String threadName) {
        if (buffers < 2 || bufferSize < 1) {
            throw new IllegalArgumentException("need at least two buffers of at least one byte");
        }
        this.source = source;
        this.filled = new ArrayBlockingQueue<>(buffers);
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            free.add(new Chunk(bufferSize));
        }
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!closed) {
                Chunk chunk = free.take();
                chunk.pos = 0;
                chunk.length = 0;
                try {
                    int n = 0;
                    while (chunk.length < chunk.data.length
                            && (n = source.read(chunk.data, chunk.length, chunk.data.length - chunk.length)) >= 0) {
                        chunk.length += n;
                    }
                    chunk.end = n < 0;
                } catch (Throwable t) {
                    chunk.failure = closed ? null : t;
                    chunk.end = true;
                }
                filled.put(chunk);
                if (chunk.end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed while waiting for a buffer
        } finally {
            closeSource();
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (current == null || current.pos == current.length) {
            if (current != null) {
                if (current.failure != null) {
                    failure = current.failure;
                }
                end = current.end;
                free.add(current); // never blocks: there are as many places as buffers
                current = null;
            }
            if (failure != null) {
                throw rethrow(failure);
            }
            if (end) {
                return -1;
            }
            try {
                current = filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for decoded data");
            }
        }
        int n = Math.min(len, current.length - current.pos);
        System.arraycopy(current.data, current.pos, b, off, n);
        current.pos += n;
        return n;
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof UncheckedIOException u) {
            return u.getCause();
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(t);
    }

    /** Stops the thread and closes the source (on the thread, or under it if it does not stop in time). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        try {
            thread.join(CLOSE_GRACE_MILLIS);
            if (thread.isAlive()) {
                closeSource(); // unblocks a read that ignores interrupts (sockets)
                thread.join(CLOSE_GRACE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeSource() {
        try {
            source.close();
        } catch (IOException | RuntimeException ignored) {
            // closing after the end or after a failure: nothing more to say
        }
    }
}
