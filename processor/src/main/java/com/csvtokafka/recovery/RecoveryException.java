package com.csvtokafka.recovery;

/** Kafka and the checkpoint (or the source) disagree in a way that resuming would turn into lost or mixed rows. */
public final class RecoveryException extends Exception {
    public RecoveryException(String message) {
        super(message);
    }
}
