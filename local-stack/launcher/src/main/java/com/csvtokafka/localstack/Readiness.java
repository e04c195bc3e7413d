package com.csvtokafka.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Waits until a freshly started server answers, failing early and clearly if it dies or never does. */
final class Readiness {

    /** Generous for a 2-core machine that is also running the code under test. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Three broker JVMs starting at once on two cores take a good deal longer than one. */
    static final Duration CLUSTER_START_TIMEOUT = Duration.ofSeconds(120);

    private static final Duration POLL = Duration.ofMillis(200);
    private static final int LOG_LINES = 40;

    @FunctionalInterface
    interface Probe {
        /** True once ready; false or an exception while not yet. */
        boolean ready() throws Exception;
    }

    private Readiness() {
    }

    /** @param logs shown (their last lines) in the error, so the cause is in the test report */
    static void await(String what, List<ChildJvm> jvms, Duration timeout, List<Path> logs, Probe probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (true) {
            for (ChildJvm jvm : jvms) {
                if (!jvm.isAlive()) {
                    throw new LocalStackException(jvm.spec().name() + " exited with code " + jvm.exitValue()
                            + " before " + what + " was ready" + LogTail.describe(logs, LOG_LINES));
                }
            }
            try {
                if (probe.ready()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                lastFailure = e;
            }
            if (System.nanoTime() > deadline) {
                throw new LocalStackException(what + " was not ready after " + timeout.toSeconds() + " s"
                        + (lastFailure == null ? "" : " (last check failed with: " + lastFailure + ")")
                        + LogTail.describe(logs, LOG_LINES));
            }
            sleep(POLL);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted", e);
        }
    }
}
