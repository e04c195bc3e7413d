package com.csvtokafka.transfer;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.checkpoint.Lease;
import com.csvtokafka.checkpoint.LeaseLostException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.SourceInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Writes the job's checkpoint after commits (docs/architecture.md, "Checkpoint writer"), conditional on the job's
 * lease so that a fenced runner cannot write. Kafka holds the truth: a failed write is reported and the stream goes
 * on; RUNNING checkpoints are then skipped for a while, final ones (stopped, failed, completed) always tried.
 *
 * <p>The one part the attempts of a run share (the last checkpoint and the retry clock outlive an attempt), used
 * by one attempt at a time and only from its reading thread.
 */
final class CheckpointWriter {
    /**
     * After a failed write, RUNNING checkpoints are not tried again for this long: a write to an unreachable store
     * takes seconds (the SDK's retries), and made after every commit it would hold the stream up while Kafka, the
     * source of truth, works. Never longer than a third of the lease: checkpoint writes are also what renews it.
     */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final JobConfig config;
    private final CheckpointStore store;
    private final Lease lease;
    private final InputSet inputs;
    private final SourceInfo info;
    private final JobListener events;
    private final long startedAt;
    private Optional<Checkpoint> saved;
    /** System.nanoTime() before which RUNNING checkpoints are skipped after a failed write; 0 when writes work. */
    private long retryAt;

    CheckpointWriter(JobConfig config, CheckpointStore store, Lease lease, InputSet inputs, JobListener events,
                     Optional<Checkpoint> saved) {
        this.config = config;
        this.store = store;
        this.lease = lease;
        this.inputs = inputs;
        this.info = inputs.summary();
        this.events = events;
        this.saved = saved;
        this.startedAt = saved.map(Checkpoint::startedAt).filter(t -> t > 0).orElse(System.currentTimeMillis());
    }

    /** The last checkpoint written (or loaded at start). */
    Optional<Checkpoint> saved() {
        return saved;
    }

    /**
     * The source bytes before {@code at}, in the files' own bytes: in compressed data the position's offset counts
     * decoded bytes (often past the file's size), so the raw byte a resume decodes from counts instead.
     */
    private long bytesDone(Position at) {
        long within = at.seek().isPlain(at.offset()) ? at.offset() : at.seek().raw();
        return Math.min(info.size(), inputs.bytesBefore(at.input()) + within);
    }

    /**
     * Writes a checkpoint at {@code at}.
     *
     * @param kafkaOffset the Kafka offset of the job's last anchor, -1 when unknown
     * @throws TransferFailedException when the lease is lost: another runner owns the job now
     */
    void save(JobStatus status, Position at, double rowsPerSecond, long kafkaOffset, String message)
            throws TransferFailedException {
        if (status == JobStatus.RUNNING && retryAt != 0 && System.nanoTime() - retryAt < 0) {
            return; // the store failed a moment ago: stream on, try again after RETRY_AFTER
        }
        Checkpoint checkpoint = new Checkpoint(config.jobId(), status, at, info.size(), info.uri(), info.version(),
                config.topic(), config.partition(), rowsPerSecond, startedAt, System.currentTimeMillis(), message,
                kafkaOffset, config.spec(), bytesDone(at));
        try {
            store.save(lease, checkpoint, config.leaseTtl());
            saved = Optional.of(checkpoint);
            retryAt = 0;
            events.on(new JobEvent.CheckpointSaved(status.name(), at));
        } catch (LeaseLostException e) {
            throw new TransferFailedException(e.getMessage());
        } catch (IOException e) {
            long retryMillis = Math.min(RETRY_AFTER.toMillis(), config.leaseTtl().toMillis() / 3);
            retryAt = System.nanoTime() + retryMillis * 1_000_000;
            events.on(new JobEvent.CheckpointFailed(e.getMessage(), retryMillis));
        }
    }
}
