package com.csvtokafka.events;

import com.csvtokafka.position.Position;

/**
 * What a run reports about itself (docs/architecture.md, "Events"). The engine emits these to its
 * {@link JobListener}s; the progress bar, the log lines, the metrics and the {@code --events} JSON Lines stream are
 * all listeners. Emitted from the engine's sending thread, a few per second at most (never per row).
 */
public sealed interface JobEvent {

    /** The event's name in the JSON Lines stream. */
    default String name() {
        String simple = getClass().getSimpleName();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('_');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    /** The job's lease is taken and its source pinned: the run begins. */
    record Started(String source, long sourceBytes, String sourceVersion, String store, long leaseEpoch,
                   String topic, int partition) implements JobEvent {
    }

    /**
     * A prefix, directory or manifest job's input set: pinned now ({@code pinnedNow}), or as pinned when the job
     * first started; {@code notInJob} files listed now are not part of the job (added after it started).
     */
    record InputsPinned(String uri, int files, long bytes, boolean pinnedNow, long notInJob) implements JobEvent {
    }

    /**
     * An input is opened at {@code offset} (0: its start). Compressed inputs are decoded from {@code seekRaw} (a
     * gzip member, zstd frame or bzip2 stream start, or 0) and the {@code skippedBytes} decoded before the offset
     * were dropped, taking {@code skipMillis}: the cost of resuming inside compressed data.
     */
    record InputOpened(int input, int inputs, String source, long bytes, String compression, long offset, long seekRaw,
                       long skippedBytes, long skipMillis) implements JobEvent {
    }

    /**
     * Every record goes to {@code partition} of a topic of {@code partitions} partitions (total file order), whatever
     * the {@code key} (none, row, or column:NAME): told once, before the run. Not told when the partition was given
     * explicitly (--partition N).
     */
    record OnePartition(String topic, int partition, int partitions, String key) implements JobEvent {
    }

    /** Waiting for another runner's lease (--lease-wait-seconds). */
    record LeaseWait(String holder) implements JobEvent {
    }

    /**
     * Where this attempt starts. {@code fromKafka}: Kafka held an anchor of this job (row {@code anchorRow} at
     * Kafka offset {@code anchorKafkaOffset}); otherwise the job starts at the beginning. {@code checkpoint}: where
     * the checkpoint store had the job (it may lag Kafka), null when it had nothing.
     */
    record Resumed(Position at, boolean fromKafka, long anchorRow, long anchorKafkaOffset, Position checkpoint)
            implements JobEvent {
    }

    /** An input with no data rows (empty, or a header only): nothing to send from it; the next input follows. */
    record EmptyInput(String source) implements JobEvent {
    }

    /** A transaction committed: {@code at} is where the next row starts; its rows and source bytes; its latency. */
    record Committed(Position at, long rows, long bytes, long latencyNanos, long anchorKafkaOffset) implements JobEvent {
    }

    /**
     * Periodic progress of the stream (a few times a second at most).
     *
     * @param rows         data rows handled so far by the job (sent or bad), over all its inputs; {@code bytes} how
     *                     far into the input set (compressed bytes for compressed inputs), of {@code totalBytes}
     * @param averageRate  rows/s over this run so far
     * @param etaSeconds   NaN while unknown
     */
    record Progress(long rows, long bytes, long totalBytes, double averageRate, double etaSeconds) implements JobEvent {
        public double fraction() {
            return totalBytes <= 0 ? 1.0 : Math.min(1.0, (double) bytes / totalBytes);
        }
    }

    /** A source read broke and is reopened at {@code offset}, the exact byte it reached. */
    record SourceReopened(String source, long offset, String error, int attempt, int maxAttempts) implements JobEvent {
    }

    /** A malformed row of input {@code source} and what was done with it: {@code skipped}, {@code dead-lettered} or {@code failed}. */
    record BadRow(String source, long row, long offset, String error, String action) implements JobEvent {
    }

    /**
     * The broker refused rows as too large: they become bad rows and the run resumes from Kafka. {@code rows}: each
     * refused row's input index and byte offset.
     */
    record RefusedTooLarge(java.util.Set<? extends Record> rows) implements JobEvent {
    }

    /** An attempt ended in an unknown outcome; the next one re-derives the position from Kafka after a pause. */
    record Retrying(String error, long backoffMillis, int attempt, int maxAttempts) implements JobEvent {
    }

    /** The checkpoint store took a checkpoint. */
    record CheckpointSaved(String status, Position at) implements JobEvent {
    }

    /** A checkpoint write failed; Kafka stays the truth and the next write is tried after {@code retryMillis}. */
    record CheckpointFailed(String error, long retryMillis) implements JobEvent {
    }

    /**
     * A stop signal ended the run. {@code committed}: the open transaction was committed and checkpointed; false
     * when its outcome is unknown (the next run finds the truth in Kafka).
     */
    record Stopped(Position at, String reason, boolean committed, String detail) implements JobEvent {
    }

    /**
     * The job is done: every row sent (now, or by an earlier run when {@code alreadyDone}); {@code bytes} read;
     * {@code partition} -1 for a keyed job (its rows are in several).
     */
    record Completed(Position at, String topic, int partition, long bytes, boolean alreadyDone) implements JobEvent {
    }

    /** The run failed (exit 1, or 2 for {@code configuration}); {@code at} is the last committed position if known. */
    record Failed(String message, Position at, boolean configuration) implements JobEvent {
    }
}
