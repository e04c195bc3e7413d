package com.csvtokafka.transfer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LaneCore} on a thread of its own, fed through a short queue (docs/architecture.md, "Lanes"): how each
 * lane of a job with several runs. A failure ends the thread and is kept for the reader to rethrow.
 */
final class LaneThread implements Runnable {
    private static final long IDLE_POLL_MILLIS = 50;

    /** How a lane's run ends: commit what it has and stop, or stop without committing (another lane failed). */
    enum End { COMMIT, ABORT }

    private final LaneCore core;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(64);
    private final Thread thread;
    private volatile Throwable failure;

    LaneThread(LaneCore core) {
        this.core = core;
        this.thread = new Thread(this, "csv-to-kafka-lane-" + core.index);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Hands the lane the next rows or its end; never blocks for long (the reader has only a few batches). */
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

    int index() {
        return core.index;
    }

    @Override
    public void run() {
        try {
            core.begin();
            while (true) {
                Object next = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (next == null) {
                    core.idle();
                    continue;
                }
                if (next instanceof LaneCore.Part part) {
                    try {
                        core.handle(part);
                    } finally {
                        part.done();
                    }
                    continue;
                }
                if (next == End.COMMIT) {
                    core.commit();
                }
                return;
            }
        } catch (Throwable e) {
            failure = e;
        }
    }
}
