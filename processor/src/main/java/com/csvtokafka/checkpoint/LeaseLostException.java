package com.csvtokafka.checkpoint;

/** Our lease was taken over (we were paused or partitioned past its expiry): stop without writing anything. */
public final class LeaseLostException extends Exception {
    public LeaseLostException(String message) {
        super(message);
    }
}
