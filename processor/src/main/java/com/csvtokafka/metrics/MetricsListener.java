package com.csvtokafka.metrics;

import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;

/** Feeds the run's metrics (docs/metrics.md) from its events. */
public final class MetricsListener implements JobListener {
    private final JobMetrics metrics;
    /** Records committed to Kafka and records the checkpoint store knows of: their difference is the lag. */
    private long committedSent = -1;
    private long savedSent = -1;

    public MetricsListener(JobMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void on(JobEvent event) {
        if (event instanceof JobEvent.Resumed e) {
            if (e.fromKafka()) {
                metrics.resume();
            }
            committedSent = e.at().sent();
            if (e.checkpoint() != null && savedSent < 0) {
                savedSent = e.checkpoint().sent();
            }
            lag();
        } else if (event instanceof JobEvent.Committed e) {
            metrics.commit(e.latencyNanos(), e.rows());
            metrics.rows(e.rows(), e.bytes());
            committedSent = e.at().sent();
            lag();
        } else if (event instanceof JobEvent.CheckpointSaved e) {
            savedSent = e.at().sent();
            lag();
        } else if (event instanceof JobEvent.Progress e) {
            metrics.progress(e.fraction(), e.averageRate(), e.etaSeconds());
        } else if (event instanceof JobEvent.BadRow e) {
            if (!e.action().equals("failed")) {
                metrics.badRow();
            }
        } else if (event instanceof JobEvent.SourceGap e) {
            metrics.sourceGap(e.to() - e.from());
        } else if (event instanceof JobEvent.SourceLag e) {
            metrics.sourceLag(e.partition(), e.lag());
        } else if (event instanceof JobEvent.Retrying e) {
            metrics.retry();
        } else if (event instanceof JobEvent.Completed e) {
            metrics.finished("COMPLETED");
        } else if (event instanceof JobEvent.Stopped e) {
            metrics.finished("INTERRUPTED");
        } else if (event instanceof JobEvent.Failed e) {
            metrics.finished("FAILED");
        }
    }

    private void lag() {
        if (committedSent >= 0) {
            metrics.checkpointLag(committedSent - Math.max(0, savedSent));
        }
    }
}
