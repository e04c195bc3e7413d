package com.csvtokafka.transfer;

import com.csvtokafka.metrics.JobMetrics;
import com.csvtokafka.metrics.ProgressBar;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress: rows, share of the source, rows/s and MB/s over the last interval, ETA from the average rate of this
 * run. On a terminal a live bar (redrawn every 200 ms), otherwise a log line every interval; the metrics get
 * every report. Called once per row; looks at the clock only every 1024 rows.
 */
final class Progress {
    private static final long BAR_INTERVAL_NANOS = 200_000_000L;

    private final long logIntervalNanos;
    private final long totalBytes;
    private final long startBytes;
    private final long startRows;
    private final long startNanos;
    private final Consumer<String> log;
    private final JobMetrics metrics;
    private final ProgressBar bar;
    private long lastNanos;
    private long lastRows;
    private long lastBytes;
    private long lastBarNanos;
    private int countdown = 1024;

    Progress(long intervalMillis, long totalBytes, long startBytes, long startRows, Consumer<String> log,
             JobMetrics metrics, ProgressBar bar) {
        this.logIntervalNanos = intervalMillis * 1_000_000L;
        this.totalBytes = totalBytes;
        this.startBytes = startBytes;
        this.startRows = startRows;
        this.log = log;
        this.metrics = metrics;
        this.bar = bar;
        this.startNanos = System.nanoTime();
        this.lastNanos = startNanos;
        this.lastBarNanos = startNanos;
        this.lastRows = startRows;
        this.lastBytes = startBytes;
    }

    void tick(long rows, long bytes) {
        if (--countdown > 0) {
            return;
        }
        countdown = 1024;
        long now = System.nanoTime();
        if (bar != null && now - lastBarNanos >= BAR_INTERVAL_NANOS) {
            lastBarNanos = now;
            double average = averageRowsPerSecond(rows, now);
            bar.update(rows, fraction(bytes), average, eta(bytes, now));
        }
        if (now - lastNanos >= logIntervalNanos) {
            report(now, rows, bytes);
        }
    }

    /** Reports now (also called at the end of a run). */
    void report(long now, long rows, long bytes) {
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        double rowsPerSecond = (rows - lastRows) / seconds;
        double mbPerSecond = (bytes - lastBytes) / seconds / 1e6;
        double eta = eta(bytes, now);
        metrics.progress(fraction(bytes), rowsPerSecond, eta);
        if (bar == null) {
            log.accept(String.format(Locale.ROOT, "progress: %,d rows · %.1f%% · %,.1f of %,.1f MB · %,.0f rows/s · "
                            + "%.1f MB/s · ETA %s", rows, 100 * fraction(bytes), bytes / 1e6, totalBytes / 1e6,
                    rowsPerSecond, mbPerSecond, Double.isFinite(eta) ? duration(eta) : "unknown"));
        }
        lastNanos = now;
        lastRows = rows;
        lastBytes = bytes;
    }

    void finish() {
        if (bar != null) {
            bar.finish();
        }
    }

    private double fraction(long bytes) {
        return totalBytes == 0 ? 1.0 : (double) bytes / totalBytes;
    }

    private double eta(long bytes, long now) {
        double averageBytesPerSecond = (bytes - startBytes) / Math.max(1e-9, (now - startNanos) / 1e9);
        return averageBytesPerSecond <= 0 ? Double.NaN : (totalBytes - bytes) / averageBytesPerSecond;
    }

    /** Rows per second over the whole run so far. */
    double averageRowsPerSecond(long rows) {
        return averageRowsPerSecond(rows, System.nanoTime());
    }

    private double averageRowsPerSecond(long rows, long now) {
        return (rows - startRows) / Math.max(1e-9, (now - startNanos) / 1e9);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
