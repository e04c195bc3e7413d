package com.csvtokafka.transfer;

import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.RecordBatch;
import com.csvtokafka.source.RecordStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One lane's sending, committing and anchoring (docs/architecture.md, "Lanes"): a transactional producer that owns
 * a fixed share of the job's partitions. Every lane sees every record, in input order, as the reader hands them out
 * ({@link Part}); it sends the records of its partitions, skips those it committed in an earlier run, and commits
 * when its transaction is full (by rows or time). Its anchors say how far it has come: past every record it has
 * seen, its own and the other lanes'. It runs on the reading thread (one lane) or on a {@link LaneThread}.
 *
 * <p>What it has committed through is published ({@link #committedThrough}) for the job's checkpoint mark: only
 * positions before which every record of this lane is committed in Kafka.
 */
final class LaneCore {

    /**
     * Records {@code from} (inclusive) to {@code limit} of a batch, handed to every lane. Rows from {@code limit}
     * on are not handled by this part (a later part, or a bad row that fails the job). The last lane done with the
     * batch's last part gives the batch back to the stream.
     */
    static final class Part {
        final RecordBatch batch;
        final int from;
        final int limit;
        final int input;
        final String uri;
        final AnchorCodec codec;
        /** Where a resume anywhere in this batch can start reading a compressed input; null for a plain one. */
        final Position.Seek seek;
        /**
         * After the input's last records, where the job's next record starts: the next input's start (a file's first
         * byte, a source partition's first offset); null within an input and after the job's last.
         */
        final Position nextInput;
        private final RecordStream stream;
        private final AtomicInteger handsLeft;

        Part(RecordBatch batch, int from, int limit, int input, String uri, AnchorCodec codec, Position.Seek seek,
             Position nextInput, RecordStream stream, AtomicInteger handsLeft) {
            this.batch = batch;
            this.from = from;
            this.limit = limit;
            this.input = input;
            this.uri = uri;
            this.codec = codec;
            this.seek = seek;
            this.nextInput = nextInput;
            this.stream = stream;
            this.handsLeft = handsLeft;
        }

        /** A lane is done with this part; the batch goes back to the stream once every lane is done with all. */
        void done() {
            if (handsLeft.decrementAndGet() == 0) {
                stream.recycle(batch);
            }
        }
    }

    /** Called after each commit the lane makes on its own (not the last one, when the attempt ends). */
    interface AfterCommit {
        void committed() throws TransferFailedException;
    }

    final int index;
    /** The job's only lane: it owns every record and runs on the reading thread. */
    private final boolean alone;
    private final JobConfig config;
    private final TransactionWriter writer;
    private final JobListener events;
    /** For each partition number: the lane that owns it (-1: not the job's) and its slot in that lane's writer. */
    private final int[] laneOf;
    private final int[] slotOf;
    /** Where this lane resumed: rows before it were committed by an earlier run. */
    private final Position resume;

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
    /** The stream of the last row seen, asked for exact seek points when this lane runs alone. */
    private RecordStream stream;
    private AfterCommit afterCommit = () -> { };
    private volatile Position committedThrough;
    private volatile boolean madeProgress;

    LaneCore(int index, boolean alone, JobConfig config, TransactionWriter writer, JobListener events, int[] laneOf,
             int[] slotOf, Position resume) {
        this.index = index;
        this.alone = alone;
        this.config = config;
        this.writer = writer;
        this.events = events;
        this.laneOf = laneOf;
        this.slotOf = slotOf;
        this.resume = resume;
        this.sent = resume.sent();
        this.skipped = resume.skipped();
        this.committedThrough = resume;
    }

    TransactionWriter writer() {
        return writer;
    }

    Position resume() {
        return resume;
    }

    boolean madeProgress() {
        return madeProgress;
    }

    /** Every row of this lane before this position is committed in Kafka; its counts are this lane's. */
    Position committedThrough() {
        return committedThrough;
    }

    /** Runs {@code then} after each commit this lane makes on its own: the one lane's checkpoint. */
    void afterCommit(AfterCommit then) {
        this.afterCommit = then;
    }

    void begin() {
        writer.begin();
    }

    /** Nothing came for a moment: a full transaction, or one open longer than --transaction-ms, is committed now. */
    void idle() throws TransferFailedException {
        if (commitDue || !writer.empty() && writer.age(System.nanoTime()) >= config.transactionMaxTime().toNanos()) {
            commitAndBegin();
        }
    }

    /**
     * Handles the part's records. A full transaction is committed before the lane's next record, so that bad rows
     * after its last good row are handled in it and covered by its anchor (see TransactionWriter.commit); a lane
     * sharing the records with others commits at the end of the part instead: its next record may be far away.
     */
    void handle(Part part) throws TransferFailedException {
        RecordBatch b = part.batch;
        int at = part.input;
        for (int i = part.from; i < part.limit; i++) {
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
            stream = part.stream;
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
        if (moved && part.nextInput != null && part.limit == b.size && input == at) {
            // the next row is the next input's first: a plain position, whatever this input's compression
            input = part.nextInput.input();
            seek = null;
            stream = null;
            handledRow = part.nextInput.row() - 1;
            handledNext = part.nextInput.offset();
        }
        if (commitDue && !alone) {
            commitAndBegin();
        } else if (writer.empty() && !unanchored) {
            committedThrough = handled(); // nothing of this lane since its last commit
        }
    }

    private void badRow(Part part, int i) {
        RecordBatch b = part.batch;
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
        Position.Seek at = alone && stream != null && handledNext > 0 ? stream.seekFor(handledNext) : seek;
        return new Position(input, handledNext, handledRow + 1, sent, skipped,
                at != null && handledNext > 0 ? at : Position.Seek.plain(handledNext));
    }

    private void commitAndBegin() throws TransferFailedException {
        commit();
        afterCommit.committed();
        writer.begin();
    }

    /** Commits the open transaction (when it holds anything), its anchor at every row this lane has seen. */
    void commit() {
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
