package com.csvtokafka.events;

import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Receives a run's {@link JobEvent}s. A listener that throws is logged and ignored: it never fails the run. */
@FunctionalInterface
public interface JobListener {

    void on(JobEvent event);

    /** Called once when the run is over (flush files, end a progress bar). */
    default void close() {
    }

    JobListener NONE = event -> { };

    /**
     * {@code listener} told one event at a time, for parts of a run that report from threads of their own (lanes,
     * partition copies); a listener that is already so is returned as it is.
     */
    static JobListener serialized(JobListener listener) {
        return listener instanceof Serialized ? listener : new Serialized(listener);
    }

    /** See {@link #serialized}. */
    final class Serialized implements JobListener {
        private final JobListener listener;

        private Serialized(JobListener listener) {
            this.listener = listener;
        }

        @Override
        public synchronized void on(JobEvent event) {
            listener.on(event);
        }
    }

    /** All of {@code listeners}, in order. */
    static JobListener all(List<JobListener> listeners) {
        Logger log = LogManager.getLogger(JobListener.class);
        List<JobListener> copy = List.copyOf(listeners);
        return new JobListener() {
            @Override
            public void on(JobEvent event) {
                for (JobListener l : copy) {
                    try {
                        l.on(event);
                    } catch (RuntimeException e) {
                        log.debug("listener {} failed on {}: {}", l, event.name(), e.toString());
                    }
                }
            }

            @Override
            public void close() {
                for (JobListener l : copy) {
                    try {
                        l.close();
                    } catch (RuntimeException e) {
                        log.debug("closing listener {}: {}", l, e.toString());
                    }
                }
            }
        };
    }
}
