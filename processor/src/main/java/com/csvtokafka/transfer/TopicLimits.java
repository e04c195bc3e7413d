package com.csvtokafka.transfer;

/**
 * The sizes a job's records must fit, found once at start.
 *
 * @param maxRecordBytes     the topic's max.message.bytes: the broker's limit for a (compressed) batch
 * @param deadLetterMaxBytes the dead-letter topic's max.message.bytes (the topic's own when there is none)
 * @param requestLimit       the producer's max.request.size: the longest row accepted plus room for headers, so that
 *                           the broker (which checks the compressed batch against max.message.bytes) decides what is
 *                           too large; what it refuses comes back as a RecordTooLargeException for that row
 */
record TopicLimits(int maxRecordBytes, int deadLetterMaxBytes, int requestLimit) {

    static int requestLimit(int maxRowBytes) {
        return (int) Math.min(Integer.MAX_VALUE - 1024, (long) maxRowBytes * 2 + (1 << 20));
    }

    /** Records this large may be refused by the broker; they are sent with a callback that names their row. */
    boolean large(int valueBytes) {
        return valueBytes > maxRecordBytes / 4;
    }
}
