package com.csvtokafka.position;

/**
 * The last record a job committed, read back from Kafka: the only trustworthy resume point, since a crash can fall
 * between a Kafka commit and the checkpoint write.
 *
 * @param job         the job that wrote it (recovery only trusts its own job's anchors)
 * @param row         the anchor record's own row number within its input
 * @param offset      the anchor record's own row's byte offset
 * @param next        where the next run resumes: past this row and past any bad rows handled after it in its
 *                    transaction (their dead letters were committed with it)
 * @param source      the input's URI, as in {@code csv.source}
 * @param version     the input's version, as in {@code csv.version}
 * @param set         the digest of the job's pinned input set; null for one-file jobs
 * @param format      the anchor layout's version: 1 for anchors written by 0.1 (no {@code csv.anchor} header)
 * @param kafkaOffset the record's offset in its partition
 * @param generation  the job's generation that wrote it ({@code csv.gen}; 0 before the job's first {@code reset})
 */
public record Anchor(String job, long row, long offset, Position next, String source, String version, String set,
                     int format, long kafkaOffset, long generation) {

    /** An anchor of generation 0: of a job never reset, or written before generations existed. */
    public Anchor(String job, long row, long offset, Position next, String source, String version, String set,
                  int format, long kafkaOffset) {
        this(job, row, offset, next, source, version, set, format, kafkaOffset, 0);
    }
}
