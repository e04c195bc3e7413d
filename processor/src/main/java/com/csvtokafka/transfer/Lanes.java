package com.csvtokafka.transfer;

import com.csvtokafka.position.Position;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lanes of one attempt as the reader drives them (docs/architecture.md, "Lanes"). One lane runs inline on the
 * reading thread: no thread, no queue, nothing allocated per row. Several lanes each run on a {@link LaneThread};
 * a lane that fails ends the attempt and the others stop without committing.
 */
final class Lanes implements AutoCloseable {
    private static final long LANE_END_WAIT_MILLIS = 150_000;

    private final List<LaneCore> cores;
    /** Empty when the one lane runs inline. */
    private final List<LaneThread> threads;

    Lanes(List<LaneCore> cores) {
        this.cores = cores;
        this.threads = cores.size() == 1 ? List.of() : cores.stream().map(LaneThread::new).toList();
    }

    int size() {
        return cores.size();
    }

    /** Runs {@code then} on the reading thread after each commit of a lane run inline (several lanes: never). */
    void afterInlineCommits(LaneCore.AfterCommit then) {
        if (threads.isEmpty()) {
            first().afterCommit(then);
        }
    }

    LaneCore first() {
        return cores.get(0);
    }

    void start() {
        if (threads.isEmpty()) {
            first().begin();
        } else {
            threads.forEach(LaneThread::start);
        }
    }

    /** Hands every lane the next records. */
    void offer(LaneCore.Part part) throws InterruptedException, TransferFailedException {
        if (threads.isEmpty()) {
            try {
                first().handle(part);
            } finally {
                part.done();
            }
            return;
        }
        for (LaneThread lane : threads) {
            lane.offer(part);
        }
    }

    /** Nothing was read for a moment: an inline lane looks at its transaction's age (threads do by themselves). */
    void idle() throws TransferFailedException {
        if (threads.isEmpty()) {
            first().idle();
        }
    }

    /** A lane that failed ends the attempt: the others stop without committing, and the failure is rethrown. */
    void requireWorking() throws InterruptedException {
        for (LaneThread lane : threads) {
            Throwable failure = lane.failure();
            if (failure != null) {
                abort();
                throw asUnchecked(failure);
            }
        }
    }

    /**
     * Every lane commits what it has (every record handed out so far) and stops. A lane that fails meanwhile ends
     * the attempt with its failure.
     */
    void commitAndEnd() throws InterruptedException {
        if (threads.isEmpty()) {
            first().commit();
            return;
        }
        for (LaneThread lane : threads) {
            lane.offer(LaneThread.End.COMMIT);
        }
        long deadline = System.currentTimeMillis() + LANE_END_WAIT_MILLIS;
        for (LaneThread lane : threads) {
            while (!lane.join(100)) {
                if (lane.failure() != null || System.currentTimeMillis() > deadline) {
                    break;
                }
            }
        }
        for (LaneThread lane : threads) {
            if (lane.failure() != null) {
                abort();
                throw asUnchecked(lane.failure());
            }
            if (lane.alive()) {
                abort();
                throw new IllegalStateException("lane " + lane.index() + " did not finish its commit within "
                        + LANE_END_WAIT_MILLIS / 1000 + " s");
            }
        }
    }

    /** Stops every lane without another commit; their open transactions are aborted when the writers close. */
    private void abort() throws InterruptedException {
        for (LaneThread lane : threads) {
            if (lane.alive()) {
                lane.offer(LaneThread.End.ABORT);
            }
        }
        for (LaneThread lane : threads) {
            lane.join(5_000);
        }
    }

    private static RuntimeException asUnchecked(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            return r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(failure);
    }

    /** The job's checkpoint mark: the least advanced lane's committed position, with the job's total counts. */
    Position mark() {
        Position least = null;
        long sent = 0;
        long skipped = 0;
        for (LaneCore lane : cores) {
            Position p = lane.committedThrough();
            if (least == null || p.before(least)) {
                least = p;
            }
            sent += p.sent();
            skipped += p.skipped();
        }
        return least.withCounts(sent, skipped);
    }

    boolean madeProgress() {
        return cores.stream().anyMatch(LaneCore::madeProgress);
    }

    /** Rows the broker refused as too large, in any lane. */
    Set<TooLargeRows.RowAt> refusedRows() {
        Set<TooLargeRows.RowAt> all = new HashSet<>();
        cores.forEach(l -> all.addAll(l.writer().refusedRows()));
        return all;
    }

    @Override
    public void close() {
        try {
            abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
