package com.csvtokafka.transfer;

import com.csvtokafka.csv.RowTooLargeException;
import com.csvtokafka.kafka.KafkaSettings;
import com.csvtokafka.recovery.RecoveryException;
import com.csvtokafka.source.NotCsvException;
import com.csvtokafka.source.SourceUnusableException;
import java.io.IOException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Decides what an attempt's failure means (docs/architecture.md, "Failures"): the job cannot go on
 * ({@link Kind#FATAL}, exit 1), it is set up wrong ({@link Kind#CONFIGURATION}, exit 2), the broker refused rows as
 * too large ({@link Kind#TOO_LARGE}: they become bad rows), or the outcome is unknown ({@link Kind#RETRY}: close the
 * producer, re-derive the position from Kafka, try again).
 */
final class FailureClassifier {

    enum Kind { FATAL, CONFIGURATION, TOO_LARGE, RETRY }

    /** What a failure means, with the message for the user where the kind ends the job. */
    record Failure(Kind kind, String message, Throwable cause) {
    }

    private FailureClassifier() {
    }

    static Failure classify(Throwable e, String jobId) {
        if (e instanceof NotCsvException) {
            return new Failure(Kind.CONFIGURATION, e.getMessage(), e);
        }
        if (e instanceof RecoveryException || e instanceof SourceUnusableException || e instanceof RowTooLargeException) {
            return new Failure(Kind.FATAL, e.getMessage(), e);
        }
        if (e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException) {
            return new Failure(Kind.FATAL, "job " + jobId + " was taken over by another runner (this producer was "
                    + "fenced); this runner stops without writing", e);
        }
        if (e instanceof AuthorizationException || e instanceof AuthenticationException) {
            return new Failure(Kind.CONFIGURATION, "Kafka refused access: " + e.getMessage() + " (needs write access "
                    + "to the topic and the transactional id " + KafkaSettings.transactionalId(jobId)
                    + ", and read access to the topic)", e);
        }
        if (e instanceof UnsupportedVersionException) {
            return new Failure(Kind.FATAL, "the brokers do not support transactions: " + e.getMessage(), e);
        }
        if (e instanceof KafkaException || e instanceof IOException) {
            if (causedBy(e, RecordTooLargeException.class)) {
                return new Failure(Kind.TOO_LARGE, e.getMessage(), e);
            }
            return new Failure(Kind.RETRY, e.toString(), e);
        }
        return null; // not ours to classify: a bug, rethrown as it is
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
