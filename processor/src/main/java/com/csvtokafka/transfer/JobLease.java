package com.csvtokafka.transfer;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.Lease;
import com.csvtokafka.checkpoint.LeaseHeldException;
import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;
import java.io.IOException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** A job's lease in the checkpoint store: taken (waiting for it up to --lease-wait-seconds), and given back. */
final class JobLease {
    private static final Logger LOG = LogManager.getLogger(JobLease.class);

    private JobLease() {
    }

    /** The lease of {@code config}'s job, waiting for it up to --lease-wait-seconds; null when stopped while waiting. */
    static Lease acquire(CheckpointStore store, JobConfig config, StopSignal stop, JobListener events)
            throws TransferFailedException, InterruptedException {
        long deadline = System.nanoTime() + config.leaseWait().toNanos();
        while (true) {
            try {
                return store.acquire(config.jobId(), config.leaseTtl());
            } catch (LeaseHeldException e) {
                if (System.nanoTime() >= deadline) {
                    throw new TransferFailedException(e.getMessage());
                }
                events.on(new JobEvent.LeaseWait(e.getMessage()));
                for (int i = 0; i < 50 && !stop.requested(); i++) {
                    Thread.sleep(100);
                }
                if (stop.requested()) {
                    return null;
                }
            } catch (IOException e) {
                throw new TransferFailedException("cannot take the job's lease in the " + store.describe() + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Gives the lease back so the next run need not wait for it; when that fails, it expires by itself. */
    static void release(CheckpointStore store, Lease lease) {
        try {
            store.release(lease);
        } catch (IOException e) {
            LOG.warn("could not release the lease of job {} ({}); it expires by itself", lease.jobId(), e.getMessage());
        }
    }
}
