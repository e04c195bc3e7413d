package com.csvtokafka.transfer;

/** Set by SIGTERM/SIGINT; the transfer loop polls it between rows and stops at a clean commit. */
public final class StopSignal {
    private volatile boolean requested;
    private volatile String reason;

    public void request(String why) {
        reason = why;
        requested = true;
    }

    public boolean requested() {
        return requested;
    }

    public String reason() {
        return reason;
    }
}
