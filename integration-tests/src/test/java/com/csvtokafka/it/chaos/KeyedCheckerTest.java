package com.csvtokafka.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The keyed checker fails on each kind of damage it counts (a checker that cannot fail checks nothing). */
class KeyedCheckerTest {
    private static final int PARTITIONS = 6;
    private final KeyedFile file = KeyedFile.generate(300, 40, 7, "\n", PARTITIONS);
    private final Optional<CheckpointReader.State> completed = Optional.of(state("COMPLETED", 300, end()));

    @Test
    void exactPartitionsAreClean() {
        Checker.Verdict v = check(exact(), List.of());
        assertThat(v.clean()).as(v.summary()).isTrue();
        assertThat(v.records()).isEqualTo(300);
    }

    @Test
    void aMissingRecordIsLost() {
        List<List<Topic.Rec>> parts = exact();
        parts.get(1).remove(3);
        Checker.Verdict v = check(renumber(parts), List.of());
        assertThat(v.lost()).isEqualTo(1);
        assertThat(v.clean()).isFalse();
    }

    @Test
    void aRepeatedRecordIsDuplicated() {
        List<List<Topic.Rec>> parts = exact();
        parts.get(2).add(parts.get(2).get(0));
        Checker.Verdict v = check(renumber(parts), List.of());
        assertThat(v.duplicated()).isEqualTo(1);
        assertThat(v.clean()).isFalse();
    }

    @Test
    void swappedRecordsAreReordered() {
        List<List<Topic.Rec>> parts = exact();
        Topic.Rec first = parts.get(3).get(0);
        parts.get(3).set(0, parts.get(3).get(1));
        parts.get(3).set(1, first);
        Checker.Verdict v = check(renumber(parts), List.of());
        assertThat(v.reordered()).isEqualTo(1);
        assertThat(v.clean()).isFalse();
    }

    @Test
    void aRowInAnotherPartitionThanItsKeysIsCorrupted() {
        List<List<Topic.Rec>> parts = exact();
        parts.get(5).add(parts.get(4).remove(parts.get(4).size() - 1));
        Checker.Verdict v = check(renumber(parts), List.of());
        assertThat(v.corrupted()).isEqualTo(1);
        assertThat(v.clean()).isFalse();
    }

    @Test
    void otherBytesAreCorrupted() {
        List<List<Topic.Rec>> parts = exact();
        Topic.Rec r = parts.get(0).get(2);
        parts.get(0).set(2, new Topic.Rec(r.offset(), r.value() + "x", r.headers(), r.key()));
        Checker.Verdict v = check(parts, List.of());
        assertThat(v.corrupted()).isEqualTo(1);
        assertThat(v.clean()).isFalse();
    }

    @Test
    void aCheckpointClaimingMoreThanTheLsosHeldIsAhead() {
        long[] nothing = new long[PARTITIONS];
        KeyedChecker.Sample sample = new KeyedChecker.Sample(state("RUNNING", 10, 0), nothing);
        Checker.Verdict v = check(exact(), List.of(sample));
        assertThat(v.checkpointAhead()).isEqualTo(1);
        assertThat(v.clean()).isFalse();
        // caught up with by the next sample's LSOs: commit markers still being written, not a failure
        KeyedChecker.Sample later = new KeyedChecker.Sample(state("RUNNING", 10, 0), everything());
        Checker.Verdict lagging = check(exact(), List.of(sample, later));
        assertThat(lagging.checkpointAhead()).isZero();
        assertThat(lagging.checkpointAheadOfLso()).isEqualTo(1);
    }

    @Test
    void aClaimOnRecordsWrittenThenAndCommittedLaterIsPendingMarkersButNotOnRecordsWrittenAfter() {
        long[] nothing = new long[PARTITIONS];
        // the records were all in the log when the checkpoint was read, and all ended up committed: the markers came
        // late (a coordinator or partition leader killed), later than the next sample
        KeyedChecker.Sample pending = new KeyedChecker.Sample(state("RUNNING", 10, 0), nothing, everything());
        Checker.Verdict v = check(exact(), List.of(pending));
        assertThat(v.checkpointAhead()).isZero();
        assertThat(v.checkpointAheadOfLso()).isEqualTo(1);
        // nothing was written yet when it claimed 10 records: those it claimed were aborted and sent again
        KeyedChecker.Sample aborted = new KeyedChecker.Sample(state("RUNNING", 10, 0), nothing, nothing);
        Checker.Verdict wrong = check(exact(), List.of(aborted));
        assertThat(wrong.checkpointAhead()).isEqualTo(1);
        assertThat(wrong.clean()).isFalse();
    }

    @Test
    void aMarkPastALanesCommittedRowsIsAhead() {
        long[] lso = everything();
        lso[2] = 0; // partition 2 held nothing committed, yet the mark is at the end of the file
        KeyedChecker.Sample sample = new KeyedChecker.Sample(state("RUNNING", 0, end()), lso);
        Checker.Verdict v = check(exact(), List.of(sample));
        assertThat(v.checkpointAhead()).isEqualTo(1);
        assertThat(v.problems().get(0)).contains("partition 2");
    }

    @Test
    void aFinalCheckpointNotCompletedIsUnfinished() {
        Checker.Verdict v = KeyedChecker.check(exact(), file, List.of(),
                Optional.of(state("RUNNING", 300, end())), true, List.of());
        assertThat(v.finished()).isFalse();
        assertThat(v.clean()).isFalse();
    }

    private Checker.Verdict check(List<List<Topic.Rec>> parts, List<KeyedChecker.Sample> samples) {
        return KeyedChecker.check(parts, file, samples, completed, true, List.of());
    }

    /** Each partition exactly as it must be: its rows, in file order, at offsets 0, 1, ... */
    private List<List<Topic.Rec>> exact() {
        List<List<Topic.Rec>> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<Topic.Rec> records = new ArrayList<>();
            List<String> rows = file.rowsIn(p);
            for (int i = 0; i < rows.size(); i++) {
                records.add(new Topic.Rec(i, rows.get(i), Map.of("csv.row", Long.toString(file.rowNumberIn(p, i))),
                        KeyedFile.key(rows.get(i))));
            }
            parts.add(records);
        }
        return parts;
    }

    /** The same records at consecutive offsets again, as a partition would number them. */
    private static List<List<Topic.Rec>> renumber(List<List<Topic.Rec>> parts) {
        List<List<Topic.Rec>> out = new ArrayList<>();
        for (List<Topic.Rec> records : parts) {
            List<Topic.Rec> numbered = new ArrayList<>();
            for (Topic.Rec r : records) {
                numbered.add(new Topic.Rec(numbered.size(), r.value(), r.headers(), r.key()));
            }
            out.add(numbered);
        }
        return out;
    }

    private long[] everything() {
        long[] lso = new long[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            lso[p] = file.rowsIn(p).size();
        }
        return lso;
    }

    private long end() {
        return file.data.bytes.length;
    }

    private static CheckpointReader.State state(String status, long totalSent, long byteOffset) {
        return new CheckpointReader.State(status, totalSent, 0, byteOffset, -1);
    }
}
