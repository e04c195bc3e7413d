package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.recovery.RecoveryException;
import java.io.IOException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    private static FailureClassifier.Kind kind(Throwable e) {
        return FailureClassifier.classify(e, "job-1").kind();
    }

    @Test
    void fencingAndInconsistentStateEndTheJob() {
        assertThat(kind(new ProducerFencedException("fenced"))).isEqualTo(FailureClassifier.Kind.FATAL);
        assertThat(kind(new InvalidProducerEpochException("epoch"))).isEqualTo(FailureClassifier.Kind.FATAL);
        assertThat(kind(new RecoveryException("ahead"))).isEqualTo(FailureClassifier.Kind.FATAL);
        assertThat(kind(new UnsupportedVersionException("old broker"))).isEqualTo(FailureClassifier.Kind.FATAL);
        assertThat(FailureClassifier.classify(new ProducerFencedException("x"), "job-1").message()).contains("taken over");
    }

    @Test
    void refusedAccessIsConfiguration() {
        FailureClassifier.Failure f = FailureClassifier.classify(new TopicAuthorizationException("no"), "job-1");
        assertThat(f.kind()).isEqualTo(FailureClassifier.Kind.CONFIGURATION);
        assertThat(f.message()).contains("csv-to-kafka-job-1");
    }

    @Test
    void timeoutsAndIoAreUnknownOutcomesToRetry() {
        assertThat(kind(new TimeoutException("t"))).isEqualTo(FailureClassifier.Kind.RETRY);
        assertThat(kind(new KafkaException("disconnected"))).isEqualTo(FailureClassifier.Kind.RETRY);
        assertThat(kind(new IOException("connection reset"))).isEqualTo(FailureClassifier.Kind.RETRY);
    }

    @Test
    void aTooLargeRecordAnywhereInTheCausesIsTooLarge() {
        assertThat(kind(new KafkaException("error state", new RecordTooLargeException("big"))))
                .isEqualTo(FailureClassifier.Kind.TOO_LARGE);
    }

    @Test
    void programmingErrorsAreNotClassified() {
        assertThat(FailureClassifier.classify(new IllegalStateException("bug"), "job-1")).isNull();
    }
}
