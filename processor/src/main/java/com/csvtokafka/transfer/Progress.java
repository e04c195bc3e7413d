package com.csvtokafka.transfer;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Periodic progress lines: rows, share of the source, rows/s and MB/s over the last interval, ETA from the
 * average rate of this run. Called once per row; looks at the clock only every 1024 rows.
 */
final class Progress {
    private final long intervalNanos;
    private final long totalBytes;
    private final long startBytes;
    private final long startNanos;
    private final Consumer<String> out;
    private long lastNanos;
    private long lastRows;
    private long lastBytes;
    private int countdown = 1024;
    private double recentRowsPerSecond;

    Progress(long intervalMillis, long totalBytes, long startBytes, long startRows, Consumer<String> out) {
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.totalBytes = totalBytes;
        this.startBytes = startBytes;
        this.out = out;
        this.startNanos = System.nanoTime();
        this.lastNanos = startNanos;
        this.lastRows = startRows;
        this.lastBytes = startBytes;
    }

    void tick(long rows, long bytes) {
        if (--countdown > 0) {
            return;
        }
        countdown = 1024;
        long now = System.nanoTime();
        if (now - lastNanos >= intervalNanos) {
            report(now, rows, bytes);
        }
    }

    void report(long now, long rows, long bytes) {
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        recentRowsPerSecond = (rows - lastRows) / seconds;
        double mbPerSecond = (bytes - lastBytes) / seconds / 1e6;
        double averageBytesPerSecond = (bytes - startBytes) / Math.max(1e-9, (now - startNanos) / 1e9);
        String eta = averageBytesPerSecond <= 0 ? "unknown" : duration((totalBytes - bytes) / averageBytesPerSecond);
        out.accept(String.format(Locale.ROOT, "progress: %,d rows · %.1f%% · %,.1f of %,.1f MB · %,.0f rows/s · "
                        + "%.1f MB/s · ETA %s", rows, totalBytes == 0 ? 100.0 : 100.0 * bytes / totalBytes,
                bytes / 1e6, totalBytes / 1e6, recentRowsPerSecond, mbPerSecond, eta));
        lastNanos = now;
        lastRows = rows;
        lastBytes = bytes;
    }

    /** Rows per second over the whole run so far. */
    double averageRowsPerSecond(long rows, long startRows) {
        return (rows - startRows) / Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
