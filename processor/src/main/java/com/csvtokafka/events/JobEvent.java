package com.csvtokafka.events;

import com.csvtokafka.position.Position;

/**
 * What a run reports about itself. The engine emits these to its {@link JobListener}s; the progress bar, the log
 * lines, the metrics and the {@code --events} JSON Lines stream are all listeners. Emitted from the engine's sending
 * thread, a few per second at most (never per row).
 *
 * <p>Each event names itself and writes its own fields ({@link #writeFields}): those names are what programs read
 * from {@code --events}, a contract documented in docs/events.md (a test holds the two together), so they are
 * written out here and never derived from Java names. Renaming or removing a field, or changing its type or meaning,
 * needs a new {@link #VERSION}; adding a field or an event does not.
 */
public sealed interface JobEvent {

    /** The version of the events' JSON schema, on every {@code --events} line as {@code v} (docs/events.md). */
    int VERSION = 1;

    /** The event's name in the JSON Lines stream, e.g. {@code committed}. */
    String name();

    /** Writes the event's fields, in order, under their names in docs/events.md. */
    void writeFields(EventFields out);

    /** A row of the input set: its input's index and the byte offset where it starts in that input. */
    interface Row {
        int input();

        long offset();
    }

    /**
     * Records of a Kafka source partition were gone before they were copied (--allow-gaps): offsets {@code from}
     * (inclusive) to {@code to} (exclusive); the copy goes on at {@code to}.
     */
    record SourceGap(String source, long from, long to) implements JobEvent {
        @Override
        public String name() {
            return "source_gap";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("source", source).integer("from", from).integer("to", to).integer("records", to - from);
        }
    }

    /**
     * How far the copy of a Kafka source partition is behind the source, every --progress-seconds while it reads and
     * once when it stops: {@code end} is the partition's end offset as a read_committed reader sees it (the last
     * stable offset), {@code next} the next source offset to copy (while reading: the next one read; at a stop: the
     * next one after what was committed).
     */
    record SourceLag(String source, int partition, long next, long end) implements JobEvent {
        @Override
        public String name() {
            return "source_lag";
        }

        /** Offsets between the next to copy and the end (some may be transaction markers); 0 once caught up. */
        public long lag() {
            return Math.max(0, end - next);
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("source", source).integer("partition", partition).integer("next_offset", next)
                    .integer("end_offset", end).integer("lag", lag());
        }
    }

    /** The job's lease is taken and its source pinned: the run begins. */
    record Started(String source, long sourceBytes, String sourceVersion, String store, long leaseEpoch,
                   String topic, int partition) implements JobEvent {
        @Override
        public String name() {
            return "started";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("source", source).integer("source_bytes", sourceBytes).text("source_version", sourceVersion)
                    .text("store", store).integer("lease_epoch", leaseEpoch).text("topic", topic)
                    .integer("partition", partition);
        }
    }

    /**
     * A prefix, directory or manifest job's input set: pinned now ({@code pinnedNow}), or as pinned when the job
     * first started; {@code notInJob} files listed now are not part of the job (added after it started).
     */
    record InputsPinned(String uri, int files, long bytes, boolean pinnedNow, long notInJob) implements JobEvent {
        @Override
        public String name() {
            return "inputs_pinned";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("uri", uri).integer("files", files).integer("bytes", bytes).bool("pinned_now", pinnedNow)
                    .integer("not_in_job", notInJob);
        }
    }

    /**
     * An input is opened at {@code offset} (0: its start). Compressed inputs are decoded from {@code seekRaw} (a
     * gzip member, zstd frame or bzip2 stream start, or 0) and the {@code skippedBytes} decoded before the offset
     * were dropped, taking {@code skipMillis}: the cost of resuming inside compressed data.
     */
    record InputOpened(int input, int inputs, String source, long bytes, String compression, long offset, long seekRaw,
                       long skippedBytes, long skipMillis) implements JobEvent {
        @Override
        public String name() {
            return "input_opened";
        }

        @Override
        public void writeFields(EventFields out) {
            out.integer("input", input).integer("inputs", inputs).text("source", source).integer("bytes", bytes)
                    .text("compression", compression).integer("offset", offset).integer("seek_raw", seekRaw)
                    .integer("skipped_bytes", skippedBytes).integer("skip_millis", skipMillis);
        }
    }

    /**
     * Every record goes to {@code partition} of a topic of {@code partitions} partitions (total file order), whatever
     * the {@code key} (none, row, or column:NAME): told once, before the run. Not told when the partition was given
     * explicitly (--partition N).
     */
    record OnePartition(String topic, int partition, int partitions, String key) implements JobEvent {
        @Override
        public String name() {
            return "one_partition";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("topic", topic).integer("partition", partition).integer("partitions", partitions)
                    .text("key", key);
        }
    }

    /** Waiting for another runner's lease (--lease-wait-seconds). */
    record LeaseWait(String holder) implements JobEvent {
        @Override
        public String name() {
            return "lease_wait";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("holder", holder);
        }
    }

    /**
     * Where this attempt starts. {@code fromKafka}: Kafka held an anchor of this job (row {@code anchorRow} at
     * Kafka offset {@code anchorKafkaOffset}); otherwise the job starts at the beginning. {@code checkpoint}: where
     * the checkpoint store had the job (it may lag Kafka), null when it had nothing.
     */
    record Resumed(Position at, boolean fromKafka, long anchorRow, long anchorKafkaOffset, Position checkpoint)
            implements JobEvent {
        @Override
        public String name() {
            return "resumed";
        }

        @Override
        public void writeFields(EventFields out) {
            out.position("at", at).bool("from_kafka", fromKafka).integer("anchor_row", anchorRow)
                    .integer("anchor_kafka_offset", anchorKafkaOffset).position("checkpoint", checkpoint);
        }
    }

    /** An input with no data rows (empty, or a header only): nothing to send from it; the next input follows. */
    record EmptyInput(String source) implements JobEvent {
        @Override
        public String name() {
            return "empty_input";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("source", source);
        }
    }

    /** A transaction committed: {@code at} is where the next row starts; its rows and source bytes; its latency. */
    record Committed(Position at, long rows, long bytes, long latencyNanos, long anchorKafkaOffset) implements JobEvent {
        @Override
        public String name() {
            return "committed";
        }

        @Override
        public void writeFields(EventFields out) {
            out.position("at", at).integer("rows", rows).integer("bytes", bytes)
                    .integer("latency_nanos", latencyNanos).integer("anchor_kafka_offset", anchorKafkaOffset);
        }
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
        @Override
        public String name() {
            return "progress";
        }

        @Override
        public void writeFields(EventFields out) {
            out.integer("rows", rows).integer("bytes", bytes).integer("total_bytes", totalBytes)
                    .number("average_rate", averageRate).number("eta_seconds", etaSeconds);
        }

        public double fraction() {
            return totalBytes <= 0 ? 1.0 : Math.min(1.0, (double) bytes / totalBytes);
        }
    }

    /** A source read broke and is reopened at {@code offset}, the exact byte it reached. */
    record SourceReopened(String source, long offset, String error, int attempt, int maxAttempts) implements JobEvent {
        @Override
        public String name() {
            return "source_reopened";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("source", source).integer("offset", offset).text("error", error).integer("attempt", attempt)
                    .integer("max_attempts", maxAttempts);
        }
    }

    /** A malformed row of input {@code source} and what was done with it: {@code skipped}, {@code dead-lettered} or {@code failed}. */
    record BadRow(String source, long row, long offset, String error, String action) implements JobEvent {
        @Override
        public String name() {
            return "bad_row";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("source", source).integer("row", row).integer("offset", offset).text("error", error)
                    .text("action", action);
        }
    }

    /**
     * The broker refused rows as too large: they become bad rows and the run resumes from Kafka. {@code rows}: each
     * refused row's input index and byte offset.
     */
    record RefusedTooLarge(java.util.Set<? extends Row> rows) implements JobEvent {
        @Override
        public String name() {
            return "refused_too_large";
        }

        @Override
        public void writeFields(EventFields out) {
            out.rows("rows", rows);
        }
    }

    /** An attempt ended in an unknown outcome; the next one re-derives the position from Kafka after a pause. */
    record Retrying(String error, long backoffMillis, int attempt, int maxAttempts) implements JobEvent {
        @Override
        public String name() {
            return "retrying";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("error", error).integer("backoff_millis", backoffMillis).integer("attempt", attempt)
                    .integer("max_attempts", maxAttempts);
        }
    }

    /** The checkpoint store took a checkpoint. */
    record CheckpointSaved(String status, Position at) implements JobEvent {
        @Override
        public String name() {
            return "checkpoint_saved";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("status", status).position("at", at);
        }
    }

    /** A checkpoint write failed; Kafka stays the truth and the next write is tried after {@code retryMillis}. */
    record CheckpointFailed(String error, long retryMillis) implements JobEvent {
        @Override
        public String name() {
            return "checkpoint_failed";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("error", error).integer("retry_millis", retryMillis);
        }
    }

    /**
     * A stop signal ended the run. {@code committed}: the open transaction was committed and checkpointed; false
     * when its outcome is unknown (the next run finds the truth in Kafka).
     */
    record Stopped(Position at, String reason, boolean committed, String detail) implements JobEvent {
        @Override
        public String name() {
            return "stopped";
        }

        @Override
        public void writeFields(EventFields out) {
            out.position("at", at).text("reason", reason).bool("committed", committed).text("detail", detail);
        }
    }

    /**
     * The job is done: every row sent (now, or by an earlier run when {@code alreadyDone}); {@code bytes} read;
     * {@code partition} -1 for a keyed job (its rows are in several).
     */
    record Completed(Position at, String topic, int partition, long bytes, boolean alreadyDone) implements JobEvent {
        @Override
        public String name() {
            return "completed";
        }

        @Override
        public void writeFields(EventFields out) {
            out.position("at", at).text("topic", topic).integer("partition", partition).integer("bytes", bytes)
                    .bool("already_done", alreadyDone);
        }
    }

    /** The run failed (exit 1, or 2 for {@code configuration}); {@code at} is the last committed position if known. */
    record Failed(String message, Position at, boolean configuration) implements JobEvent {
        @Override
        public String name() {
            return "failed";
        }

        @Override
        public void writeFields(EventFields out) {
            out.text("message", message).position("at", at).bool("configuration", configuration);
        }
    }
}
