package com.csvtokafka.checkpoint;

/**
 * A job's progress as of its last committed Kafka transaction. Kafka holds the truth (the committed records'
 * position headers); this copy is what people and dashboards read, and it must never be ahead of Kafka.
 *
 * @param lastLine     the last data row number processed (sent, skipped or sent to the DLQ)
 * @param totalSent    records committed to the topic by this job
 * @param skipped      bad rows skipped or sent to the dead-letter topic
 * @param byteOffset   where the next row starts in the source (the resume point)
 * @param startedAt    epoch millis of the job's first start
 * @param updatedAt    epoch millis of this write
 * @param kafkaOffset  offset of the job's last committed record (its anchor), -1 when unknown: a hint that lets
 *                     recovery read the partition's tail from there instead of searching for it
 */
public record Checkpoint(
        String jobId,
        JobStatus status,
        long lastLine,
        long totalSent,
        long skipped,
        long byteOffset,
        long sourceSize,
        String sourceUri,
        String sourceVersion,
        String topic,
        int partition,
        double rowsPerSecond,
        long startedAt,
        long updatedAt,
        String message,
        long kafkaOffset) {

    public double fractionDone() {
        return sourceSize <= 0 ? (status == JobStatus.COMPLETED ? 1.0 : 0.0) : Math.min(1.0, (double) byteOffset / sourceSize);
    }
}
