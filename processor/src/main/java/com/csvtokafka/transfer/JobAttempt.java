package com.csvtokafka.transfer;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.position.Position;
import com.csvtokafka.recovery.RecoveryException;
import java.io.IOException;
import java.util.Set;

/**
 * One try at the job from what Kafka has committed (docs/architecture.md, "Attempt"): one producer on one partition
 * ({@link Attempt}) or keyed lanes ({@link KeyedAttempt}). Any error ends it; the {@link AttemptLoop} decides what
 * comes next.
 */
interface JobAttempt extends AutoCloseable {

    Outcome run() throws IOException, RecoveryException, TransferFailedException, ConfigurationException;

    /** True once this attempt committed a transaction. */
    boolean madeProgress();

    /** Rows the broker refused as too large in this attempt. */
    Set<TooLargeRows.RowAt> refusedRows();

    /** The last row handled, for messages about a failure. */
    String lastRowHandled();

    /** The last position committed by this attempt, or where it started. */
    Position committed();

    @Override
    void close();
}
