package com.csvtokafka.transfer;

/**
 * Pauses between attempts that fail with an unknown outcome: 1 s, 2 s, 4 s ... up to 30 s, reset by an attempt that
 * committed something. After {@link #MAX_ATTEMPTS_WITHOUT_PROGRESS} failures in a row without progress the job
 * gives up.
 */
final class Backoff {
    static final int MAX_ATTEMPTS_WITHOUT_PROGRESS = 8;

    private int failures;

    /** Counts a failed attempt; {@code progressed}: it committed something before failing. */
    void failed(boolean progressed) {
        failures = progressed ? 1 : failures + 1;
    }

    int failures() {
        return failures;
    }

    boolean exhausted() {
        return failures > MAX_ATTEMPTS_WITHOUT_PROGRESS;
    }

    /** The pause before the next attempt. */
    long delayMillis() {
        return Math.min(30_000, 500L << Math.min(6, failures));
    }

    /** The number of the next attempt, counting from 1, and the most there will be. */
    int nextAttempt() {
        return failures + 1;
    }

    int maxAttempts() {
        return MAX_ATTEMPTS_WITHOUT_PROGRESS + 1;
    }
}
