package com.csvtokafka.cli;

import com.csvtokafka.transfer.StopSignal;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT ask the transfer to stop at a clean commit (it then exits 3). Handled as signals rather than
 * with a shutdown hook so that the JVM keeps running, and logging keeps working, until the commit is done. A
 * watchdog bounds the stop so it always ends within the platform's stop timeout (ECS/Batch give 120 s); a
 * second signal ends the process at once, which is still safe: the next run resumes from Kafka.
 */
final class Signals {
    private static final Logger LOG = LogManager.getLogger(Signals.class);

    private Signals() {
    }

    static void onStop(StopSignal stop, Duration deadline) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (stop.requested()) {
                        System.err.println("error: second SIG" + name + ": exiting now without a clean commit (the next "
                                + "run still resumes exactly)");
                        Runtime.getRuntime().halt(Main.FAILED);
                    }
                    LOG.info("SIG{} received: committing the open transaction and stopping", name);
                    stop.request("SIG" + name);
                    Thread watchdog = new Thread(() -> {
                        try {
                            Thread.sleep(deadline.toMillis());
                            System.err.println("error: the clean stop did not finish within " + deadline.toSeconds()
                                    + " s; exiting (the next run resumes from Kafka's committed tail)");
                            Runtime.getRuntime().halt(Main.FAILED);
                        } catch (InterruptedException ignored) {
                            Thread.currentThread().interrupt();
                        }
                    }, "stop-watchdog");
                    watchdog.setDaemon(true);
                    watchdog.start();
                });
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{} here: {}", name, e.getMessage());
            }
        }
    }
}
