package com.csvtokafka.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.kafka.Anchor;
import com.csvtokafka.source.SourceInfo;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryPlannerTest {
    private static final SourceInfo SOURCE = new SourceInfo("s3://b/k.csv", 10_000, "etag=\"abc\"");

    private static Checkpoint checkpoint(long sent, String version) {
        return new Checkpoint("job", JobStatus.RUNNING, sent, sent, 0, 100, SOURCE.size(), SOURCE.uri(), version,
                "t", 0, 0, 1, 2, null, -1);
    }

    private static Anchor anchor(long row, long next, long sent, String version) {
        return new Anchor("job", row, next - 10, next, row + 1, sent, 1, SOURCE.uri(), version, 99);
    }

    @Test
    void freshJobStartsAtTheHeaderRow() throws RecoveryException {
        ResumePoint p = RecoveryPlanner.plan("job", Optional.empty(), Optional.empty(), SOURCE, true);
        assertThat(p).isEqualTo(new ResumePoint(0, 0, 0, 0, true));
        assertThat(RecoveryPlanner.plan("job", Optional.empty(), Optional.empty(), SOURCE, false).nextRow()).isEqualTo(1);
    }

    @Test
    void kafkaWinsWhenTheCheckpointIsBehind() throws RecoveryException {
        ResumePoint p = RecoveryPlanner.plan("job", Optional.of(checkpoint(10, SOURCE.version())),
                Optional.of(anchor(50, 5000, 49, SOURCE.version())), SOURCE, true);
        assertThat(p).isEqualTo(new ResumePoint(5000, 51, 49, 1, false));
    }

    @Test
    void resumesFromKafkaWithoutAnyCheckpoint() throws RecoveryException {
        ResumePoint p = RecoveryPlanner.plan("job", Optional.empty(), Optional.of(anchor(7, 700, 7, SOURCE.version())),
                SOURCE, true);
        assertThat(p.byteOffset()).isEqualTo(700);
        assertThat(p.nextRow()).isEqualTo(8);
    }

    @Test
    void resumesPastBadRowsTheAnchorsTransactionHandledAfterIt() throws RecoveryException {
        // row 50 was the transaction's last good row; bad rows 51-53 were dead-lettered in the same transaction
        Anchor a = new Anchor("job", 50, 4990, 5300, 54, 47, 3, SOURCE.uri(), SOURCE.version(), 99);
        ResumePoint p = RecoveryPlanner.plan("job", Optional.empty(), Optional.of(a), SOURCE, true);
        assertThat(p).isEqualTo(new ResumePoint(5300, 54, 47, 3, false));
    }

    @Test
    void checkpointAheadOfKafkaIsAnError() {
        assertThatThrownBy(() -> RecoveryPlanner.plan("job", Optional.of(checkpoint(100, SOURCE.version())),
                Optional.of(anchor(50, 5000, 49, SOURCE.version())), SOURCE, true))
                .isInstanceOf(RecoveryException.class).hasMessageContaining("says 100 records were committed");
    }

    @Test
    void checkpointWithSentRowsButEmptyTopicIsAnError() {
        assertThatThrownBy(() -> RecoveryPlanner.plan("job", Optional.of(checkpoint(5, SOURCE.version())),
                Optional.empty(), SOURCE, true))
                .isInstanceOf(RecoveryException.class).hasMessageContaining("partition holds none of them");
    }

    @Test
    void changedSourceIsRefusedByCheckpointAndByKafka() {
        assertThatThrownBy(() -> RecoveryPlanner.plan("job", Optional.of(checkpoint(5, "etag=\"old\"")),
                Optional.empty(), SOURCE, true)).hasMessageContaining("a job transfers one version");
        assertThatThrownBy(() -> RecoveryPlanner.plan("job", Optional.empty(),
                Optional.of(anchor(5, 50, 5, "etag=\"old\"")), SOURCE, true)).hasMessageContaining("from s3://b/k.csv version etag=\"old\"");
    }

    @Test
    void anchorPastTheEndOfTheSourceIsAnError() {
        assertThatThrownBy(() -> RecoveryPlanner.plan("job", Optional.empty(),
                Optional.of(anchor(5, 20_000, 5, SOURCE.version())), SOURCE, true)).hasMessageContaining("past the end");
    }
}
