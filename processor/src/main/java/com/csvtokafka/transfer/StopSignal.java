package com.csvtokafka.transfer;

/**
 * Set by SIGTERM/SIGINT; the transfer loop polls it between rows and stops at a clean commit. A signal made
 * {@link #within} another also stops when that one does: the partition copies of a Kafka source stop together when
 * the user stops the job or when one of them fails.
 */
public final class StopSignal {
    private final StopSignal outer;
    private volatile boolean requested;
    private volatile String reason;

    public StopSignal() {
        this(null);
    }

    private StopSignal(StopSignal outer) {
        this.outer = outer;
    }

    /** A signal of its own that is also requested whenever {@code outer} is. */
    static StopSignal within(StopSignal outer) {
        return new StopSignal(outer);
    }

    public void request(String why) {
        reason = why;
        requested = true;
    }

    public boolean requested() {
        return requested || (outer != null && outer.requested());
    }

    public String reason() {
        return outer != null && outer.requested() ? outer.reason() : reason;
    }
}
