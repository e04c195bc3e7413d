package com.csvtokafka.checkpoint;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Where job progress and the job's lease live: a DynamoDB table or a local directory, same semantics. */
public interface CheckpointStore extends AutoCloseable {

    /**
     * Takes the job's lease for {@code ttl}, or fails fast when a live runner holds it.
     */
    Lease acquire(String jobId, Duration ttl) throws LeaseHeldException, IOException;

    Optional<Checkpoint> load(String jobId) throws IOException;

    /** Writes the checkpoint and extends the lease, only if the lease is still ours. */
    void save(Lease lease, Checkpoint checkpoint, Duration ttl) throws LeaseLostException, IOException;

    /**
     * Records the job's pinned input set (one line per input, see {@code InputSet#encode}), once, before anything of
     * the job is sent; only the lease holder may. Sets of 100,000 files take megabytes: stores keep it apart from the
     * checkpoint (a DynamoDB item holds at most 400 KB).
     */
    void saveInputs(Lease lease, String inputs, Duration ttl) throws LeaseLostException, IOException;

    /** The job's pinned input set as {@link #saveInputs} recorded it; empty for one-file jobs and new jobs. */
    Optional<String> loadInputs(String jobId) throws IOException;

    /** Extends the lease without changing progress. */
    void renew(Lease lease, Duration ttl) throws LeaseLostException, IOException;

    /** Gives the lease up so the next run need not wait for it to expire. */
    void release(Lease lease) throws IOException;

    /**
     * Starts the job over: deletes its checkpoint and pinned input set (not what it sent to Kafka) and records a new
     * generation, so that its next run ignores what earlier generations sent (docs/architecture.md, "Generations").
     * Refused while a live runner holds the lease.
     *
     * @return the new generation
     */
    long reset(String jobId) throws LeaseHeldException, IOException;

    /** When the job was last {@link #reset} (ISO-8601), when it ever was. */
    Optional<String> resetAt(String jobId) throws IOException;

    /** A human description of where checkpoints are kept, for logs and errors. */
    String describe();

    /** The lease holder recorded for the job, when any: owner, and expiry in epoch millis. */
    Optional<LeaseInfo> leaseInfo(String jobId) throws IOException;

    @Override
    void close();

    record LeaseInfo(String owner, long epoch, long expiresAtMillis) {
        /** True while the lease has not expired (or been released) and its holder is not known to be gone. */
        public boolean live(long nowMillis) {
            return expiresAtMillis > nowMillis && !holderGone();
        }

        /**
         * True when the holder was a process on this host that no longer exists (killed or crashed): its lease is
         * dead even before it expires, and the next run takes it over at once (see {@link Owners}).
         */
        public boolean holderGone() {
            return Owners.deadOnThisHost(owner);
        }

        /** The holder's process id, when the owner names one. */
        public String holderPid() {
            String[] parts = owner == null ? new String[0] : owner.split(":");
            return parts.length == 3 ? parts[1] : "?";
        }
    }
}
