package com.csvtokafka.kafka;

import org.apache.kafka.common.header.Headers;

/**
 * The last record this job committed, read back from Kafka: the only trustworthy resume point, since a crash can
 * fall between a Kafka commit and the checkpoint write.
 *
 * @param next        the byte offset the next run resumes at (past bad rows handled after this record in its
 *                    transaction)
 * @param nextRow     the number of the row at {@code next}
 * @param skipped     bad rows handled before {@code next}
 * @param kafkaOffset the record's offset in the partition
 */
public record Anchor(String job, long row, long offset, long next, long nextRow, long sent, long skipped,
                     String source, String version, long kafkaOffset) {

    static Anchor from(Headers headers, long kafkaOffset) {
        long row = PositionHeaders.number(headers, PositionHeaders.ROW);
        return new Anchor(
                PositionHeaders.string(headers, PositionHeaders.JOB).orElseThrow(),
                row,
                PositionHeaders.number(headers, PositionHeaders.OFFSET),
                PositionHeaders.number(headers, PositionHeaders.NEXT),
                PositionHeaders.string(headers, PositionHeaders.NEXT_ROW).map(Long::parseLong).orElse(row + 1),
                PositionHeaders.number(headers, PositionHeaders.SENT),
                PositionHeaders.string(headers, PositionHeaders.SKIPPED).map(Long::parseLong).orElse(0L),
                PositionHeaders.string(headers, PositionHeaders.SOURCE).orElse(""),
                PositionHeaders.string(headers, PositionHeaders.VERSION).orElse(""),
                kafkaOffset);
    }
}
