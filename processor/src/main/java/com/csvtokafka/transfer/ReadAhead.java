package com.csvtokafka.transfer;

import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import com.csvtokafka.source.RecordBatch;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads ahead on a thread of its own: frames rows, validates them and builds their records, and hands them to the
 * sending thread in batches, in file order. The sending thread then does little more than call the producer, which
 * costs more per record than everything before it (the profile in docs/performance.md). Memory stays bounded: a few batches of at
 * most {@link RecordBatch#CAPACITY} rows plus the framer's buffer.
 *
 * <p>Reading ahead never moves a resume point: those come from the records Kafka committed (their headers), not
 * from how far the file was read. A batch is handed on when full and whenever the framer is about to wait for the
 * source, so a slow source does not hold back rows already framed.
 */
final class ReadAhead implements AutoCloseable {
    private static final int BATCHES = 4;
    private static final long POLL_MILLIS = 100;

    /** What the reading thread makes of one framed row: a record, or why the row is bad. */
    interface Converter {
        void convert(Row row, RecordBatch into);
    }

    /** Thrown inside the reading thread when it is told to stop. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final RowFramer framer;
    private final Converter converter;
    private final BlockingQueue<RecordBatch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<RecordBatch> full = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile boolean closed;
    /** The batch the reading thread fills; only that thread touches it. */
    private RecordBatch current;

    ReadAhead(RowFramer framer, Converter converter, String name) {
        this.framer = framer;
        this.converter = converter;
        for (int i = 0; i < BATCHES; i++) {
            free.add(new RecordBatch());
        }
        this.thread = new Thread(this::read, name);
        this.thread.setDaemon(true);
        framer.beforeRead(this::beforeRead);
    }

    ReadAhead start() {
        thread.start();
        return this;
    }

    /**
     * The next batch of rows, or null if none is ready within a moment (a slow source: the caller can look at its
     * stop signal and its open transaction). A batch with {@link RecordBatch#end} or {@link RecordBatch#failure} set is the
     * last one.
     */
    RecordBatch poll() throws InterruptedException {
        return full.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    void recycle(RecordBatch b) {
        b.clear();
        free.add(b);
    }

    private void read() {
        Row row = new Row();
        try {
            current = take();
            while (framer.next(row)) {
                converter.convert(row, current);
                if (current.size == RecordBatch.CAPACITY) {
                    handOn();
                }
            }
            current.end = true;
            put(current);
        } catch (Stopped e) {
            // closed: nobody waits for more rows
        } catch (IOException | RuntimeException | Error e) {
            if (!closed && current != null) {
                current.failure = e instanceof Exception ex ? ex : new RuntimeException(e);
                try {
                    put(current);
                } catch (Stopped ignored) {
                    // closed meanwhile
                }
            }
        }
    }

    /**
     * Before the framer reads (and may wait for the source): a sending thread with nothing queued gets the rows
     * read so far at once; otherwise they go on when the batch is fuller (sources often return small reads).
     */
    private void beforeRead() {
        if (current != null && (current.size >= RecordBatch.CAPACITY / 8 || full.isEmpty())) {
            handOn();
        }
    }

    /** Hands the rows read so far to the sending thread. */
    private void handOn() {
        if (current == null || current.size == 0) {
            return;
        }
        put(current);
        current = take();
    }

    private RecordBatch take() {
        try {
            while (!closed) {
                RecordBatch b = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new Stopped();
    }

    private void put(RecordBatch b) {
        try {
            while (!closed) {
                if (full.offer(b, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new Stopped();
    }

    /** Stops the reading thread and closes the source. */
    @Override
    public void close() throws IOException {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000); // a thread blocked reading a stalled source ends when the source is closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        framer.close();
    }
}
