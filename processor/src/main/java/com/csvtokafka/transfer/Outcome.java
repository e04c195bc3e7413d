package com.csvtokafka.transfer;

/** How a run ended without an error. */
public enum Outcome {
    /** Every row was sent (now or by an earlier run). Exit code 0. */
    COMPLETED,
    /** A stop signal arrived; the open transaction was committed and the checkpoint written. Exit code 3. */
    INTERRUPTED
}
