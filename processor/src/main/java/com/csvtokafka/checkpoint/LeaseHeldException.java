package com.csvtokafka.checkpoint;

/** Another runner holds the job's lease: this one must not start. */
public final class LeaseHeldException extends Exception {
    public LeaseHeldException(String message) {
        super(message);
    }
}
