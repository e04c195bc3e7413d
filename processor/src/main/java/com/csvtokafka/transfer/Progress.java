package com.csvtokafka.transfer;

import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;

/**
 * Measures the stream's progress and emits {@link JobEvent.Progress} a few times a second at most; listeners
 * decide how often they show it (a terminal bar redraws each time, log lines come every --progress-seconds).
 * Called once per batch of rows.
 */
final class Progress {
    private static final long INTERVAL_NANOS = 200_000_000L;

    private final JobListener events;
    private final long totalBytes;
    private final long startBytes;
    private final long startRows;
    private final long startNanos;
    private long lastNanos;

    Progress(JobListener events, long totalBytes, long startBytes, long startRows) {
        this.events = events;
        this.totalBytes = totalBytes;
        this.startBytes = startBytes;
        this.startRows = startRows;
        this.startNanos = System.nanoTime();
        this.lastNanos = startNanos;
    }

    /** After a batch of rows: {@code rows} handled so far, {@code bytes} how far into the input set. */
    void tick(long rows, long bytes) {
        long now = System.nanoTime();
        if (now - lastNanos >= INTERVAL_NANOS) {
            report(now, rows, bytes);
        }
    }

    /** Reports now (also at the end of a run). */
    void report(long now, long rows, long bytes) {
        lastNanos = now;
        double averageBytesPerSecond = (bytes - startBytes) / seconds(now);
        // past the total (a followed Kafka topic past its pinned end) nothing is left to estimate
        double eta = averageBytesPerSecond <= 0 || bytes > totalBytes ? Double.NaN
                : (totalBytes - bytes) / averageBytesPerSecond;
        events.on(new JobEvent.Progress(rows, bytes, totalBytes, averageRowsPerSecond(rows, now), eta));
    }

    /** Rows per second over the whole run so far. */
    double averageRowsPerSecond(long rows, long now) {
        return (rows - startRows) / seconds(now);
    }

    double seconds(long now) {
        return Math.max(1e-9, (now - startNanos) / 1e9);
    }
}
