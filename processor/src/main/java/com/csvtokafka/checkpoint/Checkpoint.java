package com.csvtokafka.checkpoint;

import com.csvtokafka.position.Position;

/**
 * A job's progress as of its last committed Kafka transaction. Kafka holds the truth (the committed records'
 * anchor headers); this copy is what people and dashboards read, and it must never be ahead of Kafka.
 *
 * @param position     where the next run would resume and the job's totals (records sent, bad rows handled)
 * @param startedAt    epoch millis of the job's first start
 * @param updatedAt    epoch millis of this write
 * @param kafkaOffset  offset of the job's last committed record (its anchor), -1 when unknown: a hint that lets
 *                     recovery read the partition's tail from there instead of searching for it
 * @param spec         what the job moves ({@code JobConfig#spec()}): a rerun that moves something else is refused;
 *                     null in checkpoints written before it was recorded
 * @param bytesDone    bytes of the whole input set before the position (for a one-file job: its offset)
 */
public record Checkpoint(
        String jobId,
        JobStatus status,
        Position position,
        long sourceSize,
        String sourceUri,
        String sourceVersion,
        String topic,
        int partition,
        double rowsPerSecond,
        long startedAt,
        long updatedAt,
        String message,
        long kafkaOffset,
        String spec,
        long bytesDone) {

    /** The last data row handled (sent, skipped or dead-lettered); 0 when none. */
    public long lastLine() {
        return position.lastRow();
    }

    /** Records committed to the topic by this job. */
    public long totalSent() {
        return position.sent();
    }

    /** Bad rows skipped or sent to the dead-letter topic. */
    public long skipped() {
        return position.skipped();
    }

    /** Where the next row starts in the source (the resume point). */
    public long byteOffset() {
        return position.offset();
    }

    /**
     * The share of the source's bytes done, 0..1: 1 once COMPLETED; below 1 otherwise, even when every byte was read
     * (a failure on the last bytes, such as a truncated gzip, is not shown as done).
     */
    public double fractionDone() {
        if (status == JobStatus.COMPLETED) {
            return 1.0;
        }
        return sourceSize <= 0 ? 0.0 : Math.min(0.999, (double) bytesDone / sourceSize);
    }

    /**
     * True when the position lies in compressed data: its offset counts decoded bytes (it may pass the file's
     * size), and a resume decodes from the raw byte {@code position().seek().raw()}.
     */
    public boolean compressedPosition() {
        return !position.seek().isPlain(position.offset());
    }

    /** For a prefix, directory or manifest job: how many files its pinned set has; 1 for a one-file job. */
    public int inputCount() {
        for (String part : sourceVersion == null ? new String[0] : sourceVersion.split(";")) {
            if (part.startsWith("files=")) {
                return Integer.parseInt(part.substring(6));
            }
        }
        return 1;
    }
}
