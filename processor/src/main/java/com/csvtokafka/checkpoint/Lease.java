package com.csvtokafka.checkpoint;

/**
 * The right to run a job, held by one runner at a time. {@code epoch} grows with every new holder, so a
 * checkpoint write conditional on (owner, epoch) is refused once another runner has taken over.
 */
public record Lease(String jobId, String owner, long epoch) {
}
