package com.csvtokafka.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.SourceTopic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/** The copy checker fails on each kind of damage it counts (a checker that cannot fail checks nothing). */
class CopyCheckerTest {
    private static final int PARTITION = 1;
    /** Source offsets with holes, as aborted transactions and compaction leave them. */
    private final List<SourceTopic.Rec> source = source(0, 1, 2, 5, 6, 9, 10, 11);

    @Test
    void anExactCopyIsClean() {
        Checker.Verdict v = check(exact());
        assertThat(v.clean()).as(v.summary()).isTrue();
        assertThat(v.records()).isEqualTo(source.size());
    }

    @Test
    void aMissingRecordIsLost() {
        List<SourceTopic.Rec> copy = exact();
        copy.remove(3);
        Checker.Verdict v = check(renumber(copy));
        assertThat(v.lost()).as(v.summary()).isEqualTo(1);
        assertThat(v.clean()).isFalse();
    }

    @Test
    void aRepeatedRecordIsDuplicated() {
        List<SourceTopic.Rec> copy = exact();
        copy.add(4, copy.get(3));
        Checker.Verdict v = check(renumber(copy));
        assertThat(v.duplicated()).as(v.summary()).isEqualTo(1);
        assertThat(v.clean()).isFalse();
    }

    @Test
    void swappedRecordsAreReordered() {
        List<SourceTopic.Rec> copy = exact();
        copy.add(2, copy.remove(4));
        Checker.Verdict v = check(renumber(copy));
        assertThat(v.reordered()).as(v.summary()).isEqualTo(1);
        assertThat(v.clean()).isFalse();
    }

    @Test
    void anotherKeyValueTimestampOrSourceHeaderIsCorrupted() {
        for (int damage = 0; damage < 4; damage++) {
            List<SourceTopic.Rec> copy = exact();
            SourceTopic.Rec r = copy.get(2);
            List<Header> headers = new ArrayList<>(r.headers());
            byte[] key = r.key();
            byte[] value = r.value();
            long timestamp = r.timestamp();
            switch (damage) {
                case 0 -> value = utf8("other");
                case 1 -> timestamp++;
                case 2 -> key = null;
                default -> headers.set(0, new RecordHeader("trace", utf8("other")));
            }
            copy.set(2, new SourceTopic.Rec(PARTITION, r.offset(), key, value, headers, timestamp));
            Checker.Verdict v = check(copy);
            assertThat(v.corrupted()).as("damage %d: %s", damage, v.summary()).isEqualTo(1);
            assertThat(v.clean()).isFalse();
        }
    }

    @Test
    void aRecordWhoseProvenanceNamesNoCommittedRecordOfThePartitionIsCorrupted() {
        for (String[] provenance : new String[][] {{"0", "5"}, {"1", "3"}}) { // another partition; an aborted offset
            List<SourceTopic.Rec> copy = exact();
            SourceTopic.Rec r = copy.get(3);
            List<Header> headers = new ArrayList<>(r.headers().subList(0, 1));
            headers.add(header("src.partition", provenance[0]));
            headers.add(header("src.offset", provenance[1]));
            copy.set(3, new SourceTopic.Rec(PARTITION, r.offset(), r.key(), r.value(), headers, r.timestamp()));
            Checker.Verdict v = check(copy);
            assertThat(v.corrupted()).as("src.partition %s src.offset %s: %s", provenance[0], provenance[1],
                    v.summary()).isEqualTo(1);
        }
    }

    @Test
    void aSourceHeaderLookingLikeProvenanceIsNotTakenForIt() {
        // the source's own src.offset header comes before ours: the last one names the record
        List<SourceTopic.Rec> withLookAlike = new ArrayList<>();
        for (SourceTopic.Rec r : source) {
            withLookAlike.add(new SourceTopic.Rec(PARTITION, r.offset(), r.key(), r.value(),
                    List.of(header("src.offset", "0"), header("trace", "t")), r.timestamp()));
        }
        List<SourceTopic.Rec> copy = new ArrayList<>();
        for (int i = 0; i < withLookAlike.size(); i++) {
            copy.add(copied(withLookAlike.get(i), i));
        }
        Checker.Verdict v = CopyChecker.checkPartition(PARTITION, withLookAlike, copy, List.of(),
                Optional.empty(), true, false, null);
        assertThat(v.clean()).as(v.summary()).isTrue();
    }

    @Test
    void theLiveReaderTakesOnlyTheNextCommittedRecordOfThePartition() {
        List<SourceTopic.Rec> copy = exact();
        for (int i = 0; i < copy.size(); i++) {
            assertThat(CopyChecker.prefixMismatch(PARTITION, source, i, copy.get(i))).isNull();
        }
        assertThat(CopyChecker.prefixMismatch(PARTITION, source, 3, copy.get(4))).as("skipped one").isNotNull();
        assertThat(CopyChecker.prefixMismatch(PARTITION, source, 4, copy.get(3))).as("repeated one").isNotNull();
        assertThat(CopyChecker.prefixMismatch(0, source, 2, copy.get(2))).as("other partition").isNotNull();
        assertThat(CopyChecker.prefixMismatch(PARTITION, source, source.size(), copy.get(0))).as("past the end")
                .isNotNull();
        SourceTopic.Rec r = copy.get(2);
        assertThat(CopyChecker.prefixMismatch(PARTITION, source, 2, new SourceTopic.Rec(PARTITION, r.offset(), r.key(),
                utf8("other"), r.headers(), r.timestamp()))).as("other value").isNotNull();
    }

    @Test
    void aFollowingCopyEndsStoppedNotCompletedAndItsCheckpointIsStillCheckedAgainstTheTarget() {
        List<SourceTopic.Rec> copy = exact();
        long last = copy.get(copy.size() - 1).offset();
        for (String status : new String[] {"INTERRUPTED", "COMPLETED"}) {
            Optional<CheckpointReader.State> end = Optional.of(new CheckpointReader.State(status, copy.size(), 0, 0,
                    last));
            Checker.Verdict bounded = CopyChecker.checkPartition(PARTITION, source, copy, List.of(), end, true, false,
                    null);
            Checker.Verdict following = CopyChecker.checkPartition(PARTITION, source, copy, List.of(), end, true, true,
                    null);
            boolean stopped = status.equals("INTERRUPTED");
            assertThat(bounded.clean()).as("bounded, %s: %s", status, bounded.summary()).isEqualTo(!stopped);
            assertThat(following.clean()).as("following, %s: %s", status, following.summary()).isEqualTo(stopped);
        }
        Optional<CheckpointReader.State> ahead = Optional.of(new CheckpointReader.State("INTERRUPTED", copy.size() + 1,
                0, 0, last + 1));
        Checker.Verdict v = CopyChecker.checkPartition(PARTITION, source, copy, List.of(), ahead, true, true, null);
        assertThat(v.checkpointAhead()).as(v.summary()).isEqualTo(1);
    }

    @Test
    void theSumCountsEveryPartitionAndNamesItsProblems() {
        List<SourceTopic.Rec> copy = exact();
        copy.remove(0);
        Checker.Verdict v = CopyChecker.sum(List.of(check(exact()), check(renumber(copy))));
        assertThat(v.records()).isEqualTo(2 * source.size() - 1);
        assertThat(v.lost()).isEqualTo(1);
        assertThat(v.problems()).singleElement().asString().startsWith("partition 1: ");
    }

    private Checker.Verdict check(List<SourceTopic.Rec> copy) {
        return CopyChecker.checkPartition(PARTITION, source, copy, List.of(), Optional.empty(), true, false, null);
    }

    /** The faithful copy: each source record at target offset i, with our provenance headers after its own. */
    private List<SourceTopic.Rec> exact() {
        List<SourceTopic.Rec> copy = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            copy.add(copied(source.get(i), i));
        }
        return copy;
    }

    private static SourceTopic.Rec copied(SourceTopic.Rec r, long targetOffset) {
        List<Header> headers = new ArrayList<>(r.headers());
        headers.add(header("src.topic", "source"));
        headers.add(header("src.partition", Integer.toString(PARTITION)));
        headers.add(header("src.offset", Long.toString(r.offset())));
        return new SourceTopic.Rec(PARTITION, targetOffset, r.key(), r.value(), headers, r.timestamp());
    }

    /** Target offsets 0, 1, ... again after records were removed or added. */
    private static List<SourceTopic.Rec> renumber(List<SourceTopic.Rec> copy) {
        List<SourceTopic.Rec> renumbered = new ArrayList<>();
        for (int i = 0; i < copy.size(); i++) {
            SourceTopic.Rec r = copy.get(i);
            renumbered.add(new SourceTopic.Rec(r.partition(), i, r.key(), r.value(), r.headers(), r.timestamp()));
        }
        return renumbered;
    }

    private static List<SourceTopic.Rec> source(long... offsets) {
        List<SourceTopic.Rec> records = new ArrayList<>();
        for (long offset : offsets) {
            records.add(new SourceTopic.Rec(PARTITION, offset, utf8("key-" + offset % 3), utf8("value-" + offset),
                    List.of(header("trace", "t" + offset)), 1_000 + offset));
        }
        return records;
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, utf8(value));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
