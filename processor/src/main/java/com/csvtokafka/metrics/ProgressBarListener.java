package com.csvtokafka.metrics;

import com.csvtokafka.events.JobEvent;
import com.csvtokafka.events.JobListener;

/** Draws progress on a terminal's bar; the bar ends at 100% when the job completes. */
public final class ProgressBarListener implements JobListener {
    private final ProgressBar bar;

    public ProgressBarListener(ProgressBar bar) {
        this.bar = bar;
    }

    @Override
    public void on(JobEvent event) {
        if (event instanceof JobEvent.Progress e) {
            bar.update(e.rows(), e.fraction(), e.averageRate(), e.etaSeconds());
        } else if (event instanceof JobEvent.Completed e) {
            if (e.alreadyDone()) {
                bar.finish();
            } else {
                bar.complete(e.at().sent() + e.at().skipped());
            }
        } else if (event instanceof JobEvent.Stopped e) {
            bar.finish();
        } else if (event instanceof JobEvent.Failed e) {
            bar.finish();
        } else if (event instanceof JobEvent.Retrying e) {
            bar.finish();
        }
    }

    @Override
    public void close() {
        bar.finish();
    }
}
