package com.csvtokafka.events;

import com.csvtokafka.position.Position;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The run's log lines (stderr), one listener among others: people read these; programs read the {@code --events}
 * stream or the exit code, never this text. Progress comes every --progress-seconds unless a terminal bar shows it.
 */
public final class LogListener implements JobListener {
    private static final Logger LOG = LogManager.getLogger("csv-to-kafka");
    /** Bad rows logged one by one; after these, a line every {@link #BAD_ROW_SUMMARY_NANOS} and one at the end. */
    static final int BAD_ROWS_SHOWN = 10;
    static final long BAD_ROW_SUMMARY_NANOS = 10_000_000_000L;

    private final String job;
    private final long progressIntervalNanos;
    private final boolean progressLines;
    private long startNanos = System.nanoTime();
    private long firstRow = -1;
    private long lastProgressNanos;
    private long lastProgressRows = -1;
    private long lastProgressBytes;
    private long badRows;
    /** Bad rows not logged one by one since the last summary line, and the action taken on them. */
    private long badRowsUnshown;
    private String badRowAction;
    private long lastBadRowSummaryNanos;
    /** Each Kafka source partition's lag as last reported, and when the last line about them was logged. */
    private final Map<Integer, Long> sourceLags = new HashMap<>();
    private long lastSourceLagNanos;

    /** @param progressLines false when a terminal progress bar shows progress instead */
    public LogListener(String job, long progressIntervalMillis, boolean progressLines) {
        this.job = job;
        this.progressIntervalNanos = progressIntervalMillis * 1_000_000L;
        this.progressLines = progressLines;
    }

    @Override
    public void on(JobEvent event) {
        if (event instanceof JobEvent.Started e) {
            startNanos = System.nanoTime();
            LOG.info("job {}: lease taken in the {} (epoch {}); source {} ({} bytes, {})", job, e.store(),
                    e.leaseEpoch(), e.source(), e.sourceBytes(), e.sourceVersion());
        } else if (event instanceof JobEvent.InputsPinned e) {
            LOG.info("job {}: input set {}: {} files, {} bytes, {}{}", job, e.uri(), e.files(), e.bytes(),
                    e.pinnedNow() ? "pinned now" : "as pinned when the job started",
                    e.notInJob() > 0 ? "; " + e.notInJob() + " files listed there now are not part of this job "
                            + "(added after it started)" : "");
        } else if (event instanceof JobEvent.OnePartition e) {
            LOG.warn("job {}: every record goes to partition {} of topic {} ({} partitions), in file order{}; to "
                    + "spread rows over the partitions by key as Kafka's partitioner does, pass --partitions all{}; "
                    + "to keep one partition, pass --partition {} (which also silences this)", job, e.partition(),
                    e.topic(), e.partitions(), e.key().startsWith("column:") ? ", although they are keyed by "
                    + e.key() : "", e.key().startsWith("column:") ? "" : " with --key column:NAME", e.partition());
        } else if (event instanceof JobEvent.LeaseWait e) {
            LOG.info("{}; waiting (up to --lease-wait-seconds)", e.holder());
        } else if (event instanceof JobEvent.Resumed e) {
            if (firstRow < 0) {
                firstRow = e.at().sent() + e.at().skipped();
            }
            if (e.fromKafka()) {
                LOG.info("job {}: Kafka's last committed record of this job is row {} (record {} at offset {}); "
                                + "resuming at byte {} ({})", job, e.anchorRow(), e.at().sent(),
                        e.anchorKafkaOffset(), e.at().offset(),
                        e.checkpoint() != null ? "checkpoint had row " + e.checkpoint().lastRow() : "no checkpoint");
            } else {
                LOG.info("job {}: nothing of this job in the topic yet; starting at the beginning", job);
            }
            lastProgressNanos = System.nanoTime();
            lastProgressRows = -1; // the first progress event sets the baseline
        } else if (event instanceof JobEvent.EmptyInput e) {
            LOG.warn("job {}: {} has no data rows (empty, or a header only): nothing to send", job, e.source());
        } else if (event instanceof JobEvent.Committed e) {
            LOG.debug("job {}: committed {} rows up to {} in {} ms", job, e.rows(), e.at().describe(),
                    e.latencyNanos() / 1_000_000);
        } else if (event instanceof JobEvent.Progress e) {
            progress(e);
        } else if (event instanceof JobEvent.BadRow e) {
            if (!e.action().equals("failed")) {
                badRow(e);
            }
        } else if (event instanceof JobEvent.InputOpened e) {
            String file = e.inputs() > 1 ? "file " + (e.input() + 1) + " of " + e.inputs() + ": " : "";
            if (e.skippedBytes() > 0) {
                LOG.info("job {}: {}{} ({}): resuming at decoded byte {}: decoded from {} (raw byte {}) and skipped {} "
                        + "bytes in {} ms", job, file, e.source(), e.compression(), e.offset(),
                        e.seekRaw() == 0 ? "the start" : "the member/frame there", e.seekRaw(), e.skippedBytes(),
                        e.skipMillis());
            } else if (e.inputs() > 1 || !e.compression().equals("none")) {
                LOG.info("job {}: {}{} ({} bytes, {}){}", job, file, e.source(), e.bytes(), e.compression(),
                        e.offset() > 0 ? " from decoded byte " + e.offset() + (e.seekRaw() > 0 ? " (member/frame at raw byte "
                        + e.seekRaw() + ")" : "") : "");
            }
        } else if (event instanceof JobEvent.SourceGap e) {
            LOG.warn("job {}: records {}-{} of {} were gone from the source before they were copied ({} offsets); "
                    + "copying on from offset {} (--allow-gaps)", job, e.from(), e.to() - 1, e.source(), e.to() - e.from(),
                    e.to());
        } else if (event instanceof JobEvent.SourceLag e) {
            sourceLag(e);
        } else if (event instanceof JobEvent.SourceReopened e) {
            LOG.warn("read of {} failed at byte offset {} ({}); reopening there (attempt {} of {})", e.source(),
                    e.offset(), e.error(), e.attempt(), e.maxAttempts());
        } else if (event instanceof JobEvent.RefusedTooLarge e) {
            LOG.warn("job {}: the broker refused the {} {} as too large; resuming from Kafka's committed tail and "
                    + "handling {} per --on-bad-row", job, e.rows().size() == 1 ? "row" : "rows",
                    e.rows().stream().map(Object::toString).sorted().collect(java.util.stream.Collectors.joining(", ")),
                    e.rows().size() == 1 ? "it" : "them");
        } else if (event instanceof JobEvent.Retrying e) {
            LOG.warn("job {}: {} — outcome of the open transaction unknown; closing the producer and resuming from "
                    + "Kafka's committed tail in {} ms (attempt {} of {})", job, e.error(), e.backoffMillis(),
                    e.attempt(), e.maxAttempts());
        } else if (event instanceof JobEvent.CheckpointSaved e) {
            LOG.debug("job {}: checkpoint {} at {}", job, e.status(), e.at().describe());
        } else if (event instanceof JobEvent.CheckpointFailed e) {
            LOG.warn("job {}: checkpoint write failed ({}); continuing, Kafka stays the source of truth; next "
                    + "checkpoint write in {} ms", job, e.error(), e.retryMillis());
        } else if (event instanceof JobEvent.Stopped e) {
            badRowSummary();
            if (e.committed()) {
                LOG.info("job {}: stopped by {}{}; committed and checkpointed; run again to resume", job,
                        e.reason(), e.at() == null ? " " + e.detail() : " at " + e.at().describe());
            } else {
                LOG.warn("job {}: stopped by {} before the open transaction could be committed ({}); its outcome "
                        + "is unknown and the checkpoint stays at the last commit it recorded; run again to "
                        + "resume from Kafka's committed tail", job, e.reason(), e.detail());
            }
        } else if (event instanceof JobEvent.Completed e) {
            badRowSummary();
            completed(e);
        } else if (event instanceof JobEvent.Failed e) {
            badRowSummary();
            LOG.debug("job {}: failed: {}", job, e.message());
        }
        if (badRowsUnshown > 0 && System.nanoTime() - lastBadRowSummaryNanos >= BAD_ROW_SUMMARY_NANOS) {
            badRowSummary();
        }
    }

    /**
     * A long run of bad rows (a wrong column count from row 1 on, a bad export) would bury every other line: the first
     * few are logged each, then how many followed, every few seconds and at the end. --events has every one.
     */
    private void badRow(JobEvent.BadRow e) {
        badRows++;
        if (badRows <= BAD_ROWS_SHOWN) {
            LOG.warn("job {}: bad row {} at byte offset {} of {} {}: {}", job, e.row(), e.offset(), e.source(), e.action(),
                    e.error());
            if (badRows == BAD_ROWS_SHOWN) {
                LOG.warn("job {}: further bad rows are counted here every {} s (--events FILE lists each one)", job,
                        BAD_ROW_SUMMARY_NANOS / 1_000_000_000L);
                lastBadRowSummaryNanos = System.nanoTime();
            }
            return;
        }
        badRowsUnshown++;
        badRowAction = e.action();
    }

    private void badRowSummary() {
        if (badRowsUnshown > 0) {
            LOG.warn("job {}: {} more {} {}, {} in all", job, String.format(Locale.ROOT, "%,d", badRowsUnshown),
                    badRowsUnshown == 1 ? "bad row" : "bad rows", badRowAction, Plural.of(badRows, "bad row"));
        }
        badRowsUnshown = 0;
        lastBadRowSummaryNanos = System.nanoTime();
    }

    private void progress(JobEvent.Progress e) {
        long now = System.nanoTime();
        if (lastProgressRows < 0) { // the baseline of the rates
            lastProgressNanos = now;
            lastProgressRows = e.rows();
            lastProgressBytes = e.bytes();
            return;
        }
        if (!progressLines || now - lastProgressNanos < progressIntervalNanos) {
            return;
        }
        double seconds = Math.max(1e-9, (now - lastProgressNanos) / 1e9);
        double rate = (e.rows() - lastProgressRows) / seconds;
        double mbPerSecond = (e.bytes() - lastProgressBytes) / seconds / 1e6;
        LOG.info("job {} {}", job, String.format(Locale.ROOT, "progress: %,d rows · %.1f%% · %,.1f of %,.1f MB · "
                        + "%,.0f rows/s · %.1f MB/s · ETA %s", e.rows(), 100 * e.fraction(), e.bytes() / 1e6,
                e.totalBytes() / 1e6, rate, mbPerSecond, Double.isFinite(e.etaSeconds()) ? duration(e.etaSeconds()) : "unknown"));
        lastProgressNanos = now;
        lastProgressRows = e.rows();
        lastProgressBytes = e.bytes();
    }

    /**
     * One line every --progress-seconds for all source partitions: {@code source lag 1,234 (partition 2: 1,200,
     * partition 0: 34)}, the most behind first.
     */
    private void sourceLag(JobEvent.SourceLag e) {
        sourceLags.put(e.partition(), e.lag());
        long now = System.nanoTime();
        if (now - lastSourceLagNanos < progressIntervalNanos) {
            return;
        }
        lastSourceLagNanos = now;
        long total = sourceLags.values().stream().mapToLong(Long::longValue).sum();
        String behind = sourceLags.entrySet().stream().filter(p -> p.getValue() > 0)
                .sorted(Map.Entry.<Integer, Long>comparingByValue().reversed()).limit(5)
                .map(p -> String.format(Locale.ROOT, "partition %d: %,d", p.getKey(), p.getValue()))
                .collect(Collectors.joining(", "));
        LOG.info("job {}: source lag {} ({})", job, String.format(Locale.ROOT, "%,d", total),
                behind.isEmpty() ? "caught up" : behind);
    }

    private void completed(JobEvent.Completed e) {
        Position at = e.at();
        if (e.alreadyDone()) {
            LOG.info("job {} is already COMPLETED ({} sent); nothing to do", job, Plural.of(at.sent(), "record"));
            return;
        }
        LOG.info("job {}: {}", job, summary(e));
    }

    /** {@code COMPLETED — 1,000 records in orders-0, 2 bad rows, 12,345 bytes read; this run: 1,002 rows in 1.2s (835 rows/s)}. */
    public String summary(JobEvent.Completed e) {
        Position at = e.at();
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        long rows = Math.max(0, at.sent() + at.skipped() - Math.max(0, firstRow));
        String where = e.partition() < 0 ? e.topic() + " (keyed)" : e.topic() + "-" + e.partition();
        return String.format(Locale.ROOT, "COMPLETED — %s in %s, %s, %s read; this run: %s in %s (%,.0f rows/s)",
                Plural.of(at.sent(), "record"), where, Plural.of(at.skipped(), "bad row"), Plural.of(e.bytes(), "byte"),
                Plural.of(rows, "row"), duration(seconds), rows / seconds);
    }

    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
