package com.csvtokafka.checkpoint;

/** Where a job stands, as recorded after each commit. */
public enum JobStatus {
    /** A runner holds the lease and is sending. */
    RUNNING,
    /** Stopped by a signal after a clean commit; the next run resumes. */
    INTERRUPTED,
    /** Stopped on an error (a bad row under --on-bad-row fail, a fenced runner, ...); the message says why. */
    FAILED,
    /** Every row was sent; running the job again sends nothing. */
    COMPLETED
}
