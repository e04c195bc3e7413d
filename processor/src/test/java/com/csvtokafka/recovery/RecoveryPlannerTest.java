package com.csvtokafka.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.JobStatus;
import com.csvtokafka.position.Anchor;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.RecordSource;
import com.csvtokafka.source.RecordStream;
import com.csvtokafka.source.SourceInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryPlannerTest {
    private static final SourceInfo SOURCE = new SourceInfo("s3://b/k.csv", 10_000, "etag=\"abc\"");

    private static Checkpoint checkpoint(long sent, String version) {
        return new Checkpoint("job", JobStatus.RUNNING, Position.plain(0, 100, sent + 1, sent, 0), SOURCE.size(),
                SOURCE.uri(), version, "t", 0, 0, 1, 2, null, -1, null, 100);
    }

    private static Anchor anchor(long row, long next, long sent, String version) {
        return new Anchor("job", row, next - 10, Position.plain(0, next, row + 1, sent, 1), SOURCE.uri(), version, null, 2, 99);
    }

    /** The one file's bounds as its record source tells them: a plain offset past its size. */
    private static final RecordSource BOUNDS = new RecordSource() {
        @Override
        public Position start(int index) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RecordStream open(Position from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> header(int index) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean pastEnd(Position at) {
            return at.seek().isPlain(at.offset()) && at.offset() > SOURCE.size();
        }
    };

    private static Position plan(String jobId, Optional<Checkpoint> checkpoint, Optional<Anchor> anchor,
                                 InputSet inputs, boolean header) throws RecoveryException {
        return RecoveryPlanner.plan(jobId, checkpoint, anchor, inputs, BOUNDS, Position.start(header), null);
    }

    @Test
    void freshJobStartsAtTheHeaderRow() throws RecoveryException {
        Position p = plan("job", Optional.empty(), Optional.empty(), InputSet.single(SOURCE), true);
        assertThat(p).isEqualTo(Position.plain(0, 0, 0, 0, 0));
        assertThat(p.atInputStart()).isTrue();
        assertThat(plan("job", Optional.empty(), Optional.empty(), InputSet.single(SOURCE), false).row()).isEqualTo(1);
    }

    @Test
    void kafkaWinsWhenTheCheckpointIsBehind() throws RecoveryException {
        Position p = plan("job", Optional.of(checkpoint(10, SOURCE.version())),
                Optional.of(anchor(50, 5000, 49, SOURCE.version())), InputSet.single(SOURCE), true);
        assertThat(p).isEqualTo(Position.plain(0, 5000, 51, 49, 1));
    }

    @Test
    void resumesFromKafkaWithoutAnyCheckpoint() throws RecoveryException {
        Position p = plan("job", Optional.empty(), Optional.of(anchor(7, 700, 7, SOURCE.version())),
                InputSet.single(SOURCE), true);
        assertThat(p.offset()).isEqualTo(700);
        assertThat(p.row()).isEqualTo(8);
    }

    @Test
    void resumesPastBadRowsTheAnchorsTransactionHandledAfterIt() throws RecoveryException {
        // row 50 was the transaction's last good row; bad rows 51-53 were dead-lettered in the same transaction
        Anchor a = new Anchor("job", 50, 4990, Position.plain(0, 5300, 54, 47, 3), SOURCE.uri(), SOURCE.version(), null, 2, 99);
        Position p = plan("job", Optional.empty(), Optional.of(a), InputSet.single(SOURCE), true);
        assertThat(p).isEqualTo(Position.plain(0, 5300, 54, 47, 3));
    }

    @Test
    void checkpointAheadOfKafkaIsAnError() {
        assertThatThrownBy(() -> plan("job", Optional.of(checkpoint(100, SOURCE.version())),
                Optional.of(anchor(50, 5000, 49, SOURCE.version())), InputSet.single(SOURCE), true))
                .isInstanceOf(RecoveryException.class).hasMessageContaining("says 100 records were committed");
    }

    @Test
    void checkpointWithSentRowsButEmptyTopicIsAnError() {
        assertThatThrownBy(() -> plan("job", Optional.of(checkpoint(5, SOURCE.version())),
                Optional.empty(), InputSet.single(SOURCE), true))
                .isInstanceOf(RecoveryException.class).hasMessageContaining("partition holds none of them");
    }

    @Test
    void changedSourceIsRefusedByCheckpointAndByKafka() {
        assertThatThrownBy(() -> plan("job", Optional.of(checkpoint(5, "etag=\"old\"")),
                Optional.empty(), InputSet.single(SOURCE), true)).hasMessageContaining("a job transfers one version");
        assertThatThrownBy(() -> plan("job", Optional.empty(),
                Optional.of(anchor(5, 50, 5, "etag=\"old\"")), InputSet.single(SOURCE), true)).hasMessageContaining("from s3://b/k.csv version etag=\"old\"");
    }

    @Test
    void anchorPastTheEndOfTheSourceIsAnError() {
        assertThatThrownBy(() -> plan("job", Optional.empty(),
                Optional.of(anchor(5, 20_000, 5, SOURCE.version())), InputSet.single(SOURCE), true)).hasMessageContaining("past the end");
    }
}
