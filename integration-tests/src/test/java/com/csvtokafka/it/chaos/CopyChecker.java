package com.csvtokafka.it.chaos;

import com.csvtokafka.it.SourceTopic;
import com.csvtokafka.it.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;

/**
 * {@link Checker}'s counts for a copy of a {@link SourceTopic} ({@code run --source kafka://…}, source partition p
 * into target partition p, {@code --headers row}), from the target read with {@code read_committed} and the records
 * the source is known to have committed (never from the code under test). Each target partition is checked as
 * {@link Checker} checks a file: the source partition's committed records, in offset order, are its rows, and the row
 * a target record claims is the source record its provenance names (its last {@code src.partition} and
 * {@code src.offset}: the source's look-alike headers come before ours). So per partition C1 lost, C2 duplicated,
 * C3 reordered, C4 corrupted (a key, value, timestamp or source header other than the named record's, or provenance
 * naming no committed record of the partition), C5 the checkpoint of that partition's copy ({@code <job>.p<N>})
 * against its target partition, C6 that copy COMPLETED; the partitions' verdicts are summed.
 *
 * <p>{@link #readers} follow the target partitions live, each checking it is a prefix of its source partition.
 */
final class CopyChecker {
    private CopyChecker() {
    }

    /** The checkpoint of each partition copy of job {@code job} in {@code --checkpoint-dir dir}. */
    static List<CheckpointReader> checkpoints(Path dir, String job, int partitions) {
        return IntStream.range(0, partitions).mapToObj(p -> CheckpointReader.directory(dir, job + ".p" + p)).toList();
    }

    /**
     * One live reader per target partition, sampling that partition copy's checkpoint. A source a producer still
     * writes to is read again when the copy gets past what it had: a record the copy read was committed by an
     * {@link SourceTopic#append} that has either returned or holds the topic until it has noted the record.
     */
    static List<PrefixReader> readers(String targetBootstrap, String target, SourceTopic source,
                                      List<CheckpointReader> checkpoints) {
        List<PrefixReader> readers = new ArrayList<>();
        for (int p = 0; p < source.partitions(); p++) {
            int partition = p;
            AtomicReference<List<SourceTopic.Rec>> committed = new AtomicReference<>(source.committed(p));
            readers.add(PrefixReader.start(targetBootstrap, target, p, (index, r) -> {
                if (index >= committed.get().size()) {
                    committed.set(source.committed(partition));
                }
                return prefixMismatch(partition, committed.get(), index, SourceTopic.Rec.of(r));
            }, checkpoints.get(p)));
        }
        return readers;
    }

    /**
     * Why {@code got}, the target record at prefix index {@code index} of {@code partition}, is not the copy of the
     * source partition's {@code index}-th committed record (content and provenance); null when it is.
     */
    static String prefixMismatch(int partition, List<SourceTopic.Rec> committed, long index, SourceTopic.Rec got) {
        if (index >= committed.size()) {
            return "is past the end of the source partition (" + committed.size() + " records)";
        }
        SourceTopic.Rec want = committed.get((int) index);
        boolean same = SourceTopic.withoutOwnHeaders(got, want.headers().size()).sameContent(want)
                && Integer.toString(partition).equals(last(got, "src.partition"))
                && Long.toString(want.offset()).equals(last(got, "src.offset"));
        return same ? null : "is not the source's record at offset " + want.offset() + " (the prefix seen so far has "
                + index + " records):\n  source " + want + "\n  target " + got;
    }

    /**
     * @param finished  whether the job ended COMPLETED within the scenario's bound, or, {@code following}, stopped
     *                  (exit 3) as the scenario demands
     * @param following whether the copy follows its source ({@code --follow}): it never completes, so each
     *                  partition copy's final checkpoint must say INTERRUPTED
     * @param readers   the live readers of the run, closed
     */
    static Checker.Verdict check(SourceTopic source, String targetBootstrap, String target,
                                 List<CheckpointReader> checkpoints, boolean finished, boolean following,
                                 List<PrefixReader> readers) {
        List<Checker.Verdict> partitions = new ArrayList<>();
        for (int p = 0; p < source.partitions(); p++) {
            PrefixReader reader = readers.get(p);
            partitions.add(checkPartition(p, source.committed(p), SourceTopic.readCommitted(targetBootstrap, target, p),
                    reader.samples(), checkpoints.get(p).read(), finished, following, reader));
        }
        return sum(partitions);
    }

    /**
     * Target partition {@code partition}, read_committed in offset order, against the committed records of its
     * source partition.
     *
     * @param reader the live reader of the partition, or null
     */
    static Checker.Verdict checkPartition(int partition, List<SourceTopic.Rec> committed, List<SourceTopic.Rec> copied,
                                          List<PrefixReader.Sample> samples,
                                          Optional<CheckpointReader.State> finalCheckpoint, boolean finished,
                                          boolean following, PrefixReader reader) {
        List<String> rows = committed.stream().map(SourceTopic.Rec::toString).toList();
        Map<Long, Integer> rowOfOffset = new HashMap<>();
        for (int i = 0; i < committed.size(); i++) {
            rowOfOffset.put(committed.get(i).offset(), i + 1);
        }
        List<Topic.Rec> records = copied.stream().map(got -> asRow(got, partition, committed, rowOfOffset)).toList();
        return following ? Checker.checkStopped(records, rows, samples, finalCheckpoint, finished, reader)
                : Checker.check(records, rows, samples, finalCheckpoint, finished, reader);
    }

    /**
     * A target record as {@link Checker} sees a row's record: csv.row the number of the source record its provenance
     * names (none when it names no committed record of {@code partition}), its value that record's text when it
     * has that record's content, its own text when not.
     */
    private static Topic.Rec asRow(SourceTopic.Rec got, int partition, List<SourceTopic.Rec> committed,
                                   Map<Long, Integer> rowOfOffset) {
        Integer row = null;
        if (Integer.toString(partition).equals(last(got, "src.partition"))) {
            String offset = last(got, "src.offset");
            row = offset == null ? null : rowOfOffset.get(Long.parseLong(offset));
        }
        if (row == null) {
            return new Topic.Rec(got.offset(), got.toString(), Map.of(), null);
        }
        SourceTopic.Rec want = committed.get(row - 1);
        boolean same = SourceTopic.withoutOwnHeaders(got, want.headers().size()).sameContent(want);
        return new Topic.Rec(got.offset(), same ? want.toString() : got.toString(), Map.of("csv.row",
                Integer.toString(row)), null);
    }

    /** The verdicts of the partitions as one; each problem names its partition. */
    static Checker.Verdict sum(List<Checker.Verdict> partitions) {
        int rows = 0;
        int records = 0;
        long lost = 0;
        long duplicated = 0;
        long reordered = 0;
        long corrupted = 0;
        long ahead = 0;
        long samples = 0;
        long aheadOfLso = 0;
        boolean finished = true;
        long violations = 0;
        List<String> problems = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            Checker.Verdict v = partitions.get(p);
            rows += v.expectedRows();
            records += v.records();
            lost += v.lost();
            duplicated += v.duplicated();
            reordered += v.reordered();
            corrupted += v.corrupted();
            ahead += v.checkpointAhead();
            samples += v.checkpointSamples();
            aheadOfLso += v.checkpointAheadOfLso();
            finished &= v.finished();
            violations += v.prefixViolations();
            for (String problem : v.problems()) {
                if (problems.size() < 5) {
                    problems.add("partition " + p + ": " + problem);
                }
            }
        }
        return new Checker.Verdict(rows, records, lost, duplicated, reordered, corrupted, ahead, samples, aheadOfLso,
                finished, violations, problems);
    }

    /** The value of the last header named {@code name}, or null. */
    private static String last(SourceTopic.Rec r, String name) {
        String value = null;
        for (Header h : r.headers()) {
            if (h.key().equals(name)) {
                value = h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return value;
    }
}
