package com.csvtokafka.transfer;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.checkpoint.Lease;
import com.csvtokafka.checkpoint.LeaseLostException;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.recovery.RecoveryException;
import com.csvtokafka.recovery.RecoveryPlanner;
import com.csvtokafka.recovery.StartOver;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs attempts until the job completes, stops or fails (docs/architecture.md, "Attempt loop"). Each attempt starts
 * from what Kafka has committed; what ends one is judged by the {@link FailureClassifier}, and unknown outcomes are
 * retried after a {@link Backoff}.
 */
final class AttemptLoop {
    private final JobContext job;
    private final CheckpointStore store;
    private final Lease lease;

    AttemptLoop(JobContext job, CheckpointStore store, Lease lease) {
        this.job = job;
        this.store = store;
        this.lease = lease;
    }

    Outcome run() throws TransferFailedException, ConfigurationException, InterruptedException {
        JobConfig config = job.config();
        Optional<Checkpoint> saved = load();
        requireSameJob(saved);
        CheckpointWriter checkpoints = new CheckpointWriter(config, store, lease, job.inputs(), job.events(), saved);
        // a job whose source never ends (a followed topic) goes on from where an earlier, bounded run completed
        if (saved.isPresent() && saved.get().status() == JobStatus.COMPLETED && !job.records().endless()) {
            try {
                RecoveryPlanner.requireSameSource(config.jobId(), saved, job.inputs().summary());
            } catch (RecoveryException e) {
                throw new TransferFailedException(e.getMessage());
            }
            job.events().on(new JobEvent.Completed(saved.get().position(), config.topic(), job.lanes().reportedPartition(),
                    job.inputs().summary().size(), true));
            return Outcome.COMPLETED;
        }
        Backoff backoff = new Backoff();
        while (true) {
            Attempt attempt = new Attempt(job, checkpoints);
            Exception failed;
            try (attempt) {
                return attempt.run();
            } catch (TransferFailedException | ConfigurationException e) {
                throw e;
            } catch (Exception e) {
                failed = e;
            }
            FailureClassifier.Failure failure = FailureClassifier.classify(failed, config.jobId());
            if (failure == null) {
                throw failed instanceof RuntimeException r ? r : new IllegalStateException(failed);
            }
            switch (failure.kind()) {
                case FATAL -> throw new TransferFailedException(failure.message(), failed);
                case CONFIGURATION -> throw new ConfigurationException(failure.message());
                case TOO_LARGE -> {
                    if (!job.tooLarge().addAll(attempt.refusedRows())) {
                        throw new TransferFailedException("the broker rejected a record as too large near "
                                + attempt.lastRowHandled() + ": raise the topic's max.message.bytes / the broker's "
                                + "message.max.bytes", failed);
                    }
                    // The transaction is lost with it: resume from Kafka and treat those rows as bad rows, so that
                    // --on-bad-row decides and everything before them is committed.
                    job.events().on(new JobEvent.RefusedTooLarge(attempt.refusedRows()));
                }
                case RETRY -> {
                    backoff.failed(attempt.madeProgress());
                    if (job.stop().requested()) {
                        job.events().on(new JobEvent.Stopped(attempt.committed(), job.stop().reason(), false,
                                failure.message()));
                        return Outcome.INTERRUPTED;
                    }
                    if (backoff.exhausted()) {
                        throw new TransferFailedException("giving up after " + backoff.failures() + " attempts "
                                + "without progress; last error: " + failure.message(), failed);
                    }
                    job.events().on(new JobEvent.Retrying(failure.message(), backoff.delayMillis(),
                            backoff.nextAttempt(), backoff.maxAttempts()));
                    if (sleepUnlessStopped(backoff.delayMillis())) {
                        job.events().on(new JobEvent.Stopped(attempt.committed(), job.stop().reason(), false,
                                failure.message()));
                        return Outcome.INTERRUPTED;
                    }
                }
            }
        }
    }

    private Optional<Checkpoint> load() throws TransferFailedException {
        try {
            return store.load(job.config().jobId());
        } catch (IOException e) {
            throw new TransferFailedException("cannot read the checkpoint of job " + job.config().jobId() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A job id is bound to what it moves: a rerun that would move something else is refused. */
    private void requireSameJob(Optional<Checkpoint> saved) throws ConfigurationException {
        if (saved.isEmpty() || saved.get().spec() == null) {
            return; // a new job, or a checkpoint written before the job's description was recorded
        }
        Checkpoint c = saved.get();
        // a job that has handled no row yet may still change how its rows are read (a wrong delimiter found early)
        boolean nothingYet = c.totalSent() == 0 && c.skipped() == 0;
        List<String> differences = JobSpec.read(c.spec()).differences(JobSpec.of(job.config()),
                nothingYet ? JobSpec.READING : Set.of());
        if (!differences.isEmpty()) {
            throw new ConfigurationException("job " + job.config().jobId() + " was started to move something else: "
                    + String.join("; ", differences) + ". A job id is bound to what it moves (status "
                    + c.status() + ")\n" + StartOver.hint(job.config().jobId(), c.totalSent(), c.topic()));
        }
    }

    /** Sleeps while renewing the lease; true when a stop signal came meanwhile. */
    private boolean sleepUnlessStopped(long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < until) {
            if (job.stop().requested()) {
                return true;
            }
            Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
            try {
                store.renew(lease, job.config().leaseTtl());
            } catch (LeaseLostException e) {
                return false; // the next attempt is fenced by the new holder's producer and stops
            } catch (IOException e) {
                // the next checkpoint write retries; Kafka's fencing protects the data meanwhile
            }
        }
        return false;
    }
}
