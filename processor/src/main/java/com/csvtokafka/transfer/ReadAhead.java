package com.csvtokafka.transfer;

import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Reads ahead on a thread of its own: frames rows, validates them and builds their records, and hands them to the
 * sending thread in batches, in file order. The sending thread then does little more than call the producer, which
 * costs more per record than everything before it (the profile in docs/performance.md). Memory stays bounded: a few batches of at
 * most {@link Batch#CAPACITY} rows plus the framer's buffer.
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
        void convert(Row row, Batch into);
    }

    /** Rows in file order; valid until handed back with {@link #recycle}. */
    static final class Batch {
        static final int CAPACITY = 1024;

        final long[] number = new long[CAPACITY];
        final long[] offset = new long[CAPACITY];
        final long[] next = new long[CAPACITY];
        /** The record of a good row; null for a bad row. */
        final ProducerRecord<byte[], byte[]>[] record = newRecords();
        /** Why the row is bad; null for a good row. */
        final String[] error = new String[CAPACITY];
        /** A bad row's dead letter when the policy sends them; else null. */
        final ProducerRecord<byte[], byte[]>[] deadLetter = newRecords();
        int size;
        /** The source ended after these rows. */
        boolean end;
        /** Reading failed after these rows (an IOException, a row too large, ...). */
        Exception failure;

        void add(Row row, ProducerRecord<byte[], byte[]> record, String error, ProducerRecord<byte[], byte[]> deadLetter) {
            int i = size++;
            number[i] = row.number();
            offset[i] = row.offset();
            next[i] = row.nextOffset();
            this.record[i] = record;
            this.error[i] = error;
            this.deadLetter[i] = deadLetter;
        }

        private void clear() {
            Arrays.fill(record, 0, size, null);
            Arrays.fill(error, 0, size, null);
            Arrays.fill(deadLetter, 0, size, null);
            size = 0;
            end = false;
            failure = null;
        }

        @SuppressWarnings("unchecked")
        private static ProducerRecord<byte[], byte[]>[] newRecords() {
            return new ProducerRecord[CAPACITY];
        }
    }

    /** Thrown inside the reading thread when it is told to stop. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final RowFramer framer;
    private final Converter converter;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile boolean closed;
    /** The batch the reading thread fills; only that thread touches it. */
    private Batch current;

    ReadAhead(RowFramer framer, Converter converter, String name) {
        this.framer = framer;
        this.converter = converter;
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch());
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
     * stop signal and its open transaction). A batch with {@link Batch#end} or {@link Batch#failure} set is the
     * last one.
     */
    Batch poll() throws InterruptedException {
        return full.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    void recycle(Batch b) {
        b.clear();
        free.add(b);
    }

    private void read() {
        Row row = new Row();
        try {
            current = take();
            while (framer.next(row)) {
                converter.convert(row, current);
                if (current.size == Batch.CAPACITY) {
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
        if (current != null && (current.size >= Batch.CAPACITY / 8 || full.isEmpty())) {
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

    private Batch take() {
        try {
            while (!closed) {
                Batch b = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new Stopped();
    }

    private void put(Batch b) {
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
