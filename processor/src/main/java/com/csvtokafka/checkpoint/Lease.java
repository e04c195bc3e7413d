package com.csvtokafka.checkpoint;

/**
 * The right to run a job, held by one runner at a time. {@code epoch} grows with every new holder, so a
 * checkpoint write conditional on (owner, epoch) is refused once another runner has taken over.
 *
 * @param generation the job's generation as the store records it (set by {@code reset}; docs/architecture.md,
 *                   "Generations"), or {@code recovery.Generation.UNKNOWN} (-1) when the store has none
 */
public record Lease(String jobId, String owner, long epoch, long generation) {
}
