package com.csvtokafka.transfer;

import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.Position;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One lane of a keyed job (docs/architecture.md, "Keyed mode"): a transactional producer on a thread of its own that
 * owns a fixed share of the job's partitions. Every lane sees every row, in file order, as the one reader hands them
 * out ({@link Part}); it sends the rows of its partitions, skips those it committed in an earlier run, and commits
 * on its own schedule. Its anchors say how far it has come: past every row it has seen, its own and the others'.
 *
 * <p>What it has committed through is published ({@link #committedThrough}) for the job's checkpoint mark: only
 * positions before which every row of this lane is committed in Kafka.
 */
final class Lane implements Runnable {
    private static final long IDLE_POLL_MILLIS = 50;

    /** How a lane's run ends: commit what it has and stop, or stop without committing (another lane failed). */
    enum End { COMMIT, ABORT }

    /**
     * A batch of rows, handed to every lane. Rows from {@code limit} on are not handled (a bad row that fails the
     * job). The last lane done with it gives the batch back to the reader.
     */
    static final class Part {
        final ReadAhead.Batch batch;
        final int limit;
        final int input;
        final String uri;
        final AnchorCodec codec;
        /** Where a resume anywhere in this batch can start decoding a compressed input; null for a plain one. */
        final Position.Seek seek;
        final RowPipeline rows;
        /** The input's last rows: the next row of the job is the next input's first. */
        final boolean endOfInput;
        private final AtomicInteger lanesLeft;

        Part(ReadAhead.Batch batch, int limit, int input, String uri, AnchorCodec codec, Position.Seek seek,
             RowPipeline rows, boolean endOfInput, int lanes) {
            this.batch = batch;
            this.limit = limit;
            this.input = input;
            this.uri = uri;
            this.codec = codec;
            this.seek = seek;
            this.rows = rows;
            this.endOfInput = endOfInput;
            this.lanesLeft = new AtomicInteger(lanes);
        }

        void done() {
            if (lanesLeft.decrementAndGet() == 0) {
                rows.recycle(batch);
            }
        }
    }

    final int index;
    private final JobConfig config;
    private final TransactionWriter writer;
    private final JobListener events;
    /** For each partition number: the lane that owns it (-1: not the job's) and its slot in that lane's writer. */
    private final int[] laneOf;
    private final int[] slotOf;
    private final int inputs;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(64);
    /** Where this lane resumed: rows before it were committed by an earlier run. */
    private final Position resume;
    private final Thread thread;

    /** The last row seen (this lane's or another's) and where the row after it starts; false until past resume. */
    private boolean moved;
    private int input;
    private long handledRow;
    private long handledNext;
    /** The seek point of the batch of the last row seen (a compressed input's); null for a plain input. */
    private Position.Seek seek;
    private long sent;
    private long skipped;
    /** Bad rows skipped or dead-lettered since this lane's last anchor: no mark may pass them until one. */
    private boolean unanchored;
    private boolean commitDue;
    private int clockCountdown;
    private volatile Position committedThrough;
    private volatile boolean madeProgress;
    private volatile Throwable failure;

    Lane(int index, JobConfig config, TransactionWriter writer, JobListener events, int[] laneOf, int[] slotOf,
         int inputs, Position resume) {
        this.index = index;
        this.config = config;
        this.writer = writer;
        this.events = events;
        this.laneOf = laneOf;
        this.slotOf = slotOf;
        this.inputs = inputs;
        this.resume = resume;
        this.sent = resume.sent();
        this.skipped = resume.skipped();
        this.committedThrough = resume;
        this.thread = new Thread(this, "csv-to-kafka-lane-" + index);
        thread.setDaemon(true);
    }

    TransactionWriter writer() {
        return writer;
    }

    Position resume() {
        return resume;
    }

    void start() {
        thread.start();
    }

    /** Hands the lane the next rows; never blocks for long (the reader has only a few batches to hand out). */
    void offer(Object partOrEnd) throws InterruptedException {
        queue.put(partOrEnd);
    }

    /** Waits up to {@code millis} for the lane's thread to end; true when it has. */
    boolean join(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    boolean alive() {
        return thread.isAlive();
    }

    /** What ended this lane's thread with an error; null while it works or after a clean end. */
    Throwable failure() {
        return failure;
    }

    boolean madeProgress() {
        return madeProgress;
    }

    /** Every row of this lane before this position is committed in Kafka; its counts are this lane's. */
    Position committedThrough() {
        return committedThrough;
    }

    @Override
    public void run() {
        try {
            writer.begin();
            while (true) {
                Object next = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (!writer.empty() && writer.age(System.nanoTime()) >= config.transactionMaxTime().toNanos()) {
                        commitAndBegin();
                    }
                    continue;
                }
                if (next instanceof Part part) {
                    try {
                        handle(part);
                    } finally {
                        part.done();
                    }
                    continue;
                }
                if (next == End.COMMIT) {
                    commit();
                }
                return;
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    private void handle(Part part) {
        ReadAhead.Batch b = part.batch;
        int at = part.input;
        for (int i = 0; i < part.limit; i++) {
            long offset = b.offset[i];
            if (resume.after(at, offset)) {
                continue; // committed by an earlier run
            }
            ProducerRecord<byte[], byte[]> record = b.record[i];
            if (record == null) {
                if (index == 0) { // bad rows are the first lane's: their dead letters go in its transactions
                    badRow(part, i);
                }
            } else {
                int partition = record.partition();
                if (laneOf[partition] == index) {
                    if (commitDue) {
                        commitAndBegin();
                    }
                    writer.send(record, b.number[i], offset, part.codec, at, slotOf[partition]);
                    sent++;
                    if (writer.records() >= config.transactionMaxRows()) {
                        commitDue = true;
                    }
                }
            }
            moved = true;
            input = at;
            seek = part.seek;
            handledRow = b.number[i];
            handledNext = b.next[i];
            if (--clockCountdown <= 0) {
                clockCountdown = 256;
                writer.throwIfFailed();
                if (!writer.empty() && writer.age(System.nanoTime()) >= config.transactionMaxTime().toNanos()) {
                    commitDue = true;
                }
            }
        }
        if (moved && part.endOfInput && part.limit == b.size && at + 1 < inputs && input == at) {
            // the next row is the next input's first: a plain position, whatever this input's compression
            input = at + 1;
            seek = null;
            handledRow = config.dialect().header() ? -1 : 0;
            handledNext = 0;
        }
        if (commitDue) {
            commitAndBegin();
        } else if (writer.empty() && !unanchored) {
            committedThrough = handled(); // nothing of this lane since its last commit
        }
    }

    private void badRow(Part part, int i) {
        ReadAhead.Batch b = part.batch;
        String action;
        if (config.onBadRow().kind() == JobConfig.BadRowPolicy.Kind.DLQ) {
            writer.sendDeadLetter(b.deadLetter[i]);
            action = "dead-lettered";
        } else {
            action = "skipped";
        }
        skipped++;
        unanchored = true;
        events.on(new JobEvent.BadRow(part.uri, b.number[i], b.offset[i], b.error[i], action));
    }

    /** Where the next row starts and what this lane did before it: the anchor of a commit now. */
    private Position handled() {
        if (!moved) {
            return resume.withCounts(sent, skipped);
        }
        return new Position(input, handledNext, handledRow + 1, sent, skipped,
                seek != null && handledNext > 0 ? seek : Position.Seek.plain(handledNext));
    }

    private void commitAndBegin() {
        commit();
        writer.begin();
    }

    private void commit() {
        commitDue = false;
        Position at = handled();
        if (writer.empty()) {
            if (!unanchored) {
                committedThrough = at;
            }
            return;
        }
        Position before = committedThrough;
        boolean anchored = writer.records() > 0;
        long latency = writer.commit(at);
        madeProgress = true;
        if (anchored) {
            unanchored = false;
            committedThrough = at;
        }
        events.on(new JobEvent.Committed(at, at.sent() - before.sent(), Math.max(0, at.offset() - before.offset()),
                latency, writer.anchorKafkaOffset()));
    }
}
