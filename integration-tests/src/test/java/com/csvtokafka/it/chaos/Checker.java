package com.csvtokafka.it.chaos;

import com.csvtokafka.it.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verdict on one scenario, computed from the partition read with {@code read_committed} and the rows the file
 * is known to hold (never from the code under test):
 * <ul>
 * <li>C1 lost: data rows of the file no record carries;</li>
 * <li>C2 duplicated: records beyond the first for a row;</li>
 * <li>C3 reordered: first occurrences whose row number is lower than the one before (a descent);</li>
 * <li>C4 corrupted: records whose bytes are not the row their {@code csv.row} names, or that name no row;</li>
 * <li>C5 checkpoint ahead: checkpoint samples (taken during the run) and the final checkpoint that claim more than
 *     Kafka committed: the anchor offset they name must hold the job's {@code totalSent}-th committed record;</li>
 * <li>C6 liveness: the job finished (COMPLETED, exit 0) within the scenario's bound — or, for a job that runs
 *     until stopped, stopped (INTERRUPTED, exit 3) as the scenario demands.</li>
 * </ul>
 * The live prefix violations of {@link PrefixReader} are reported alongside.
 */
public final class Checker {
    private Checker() {
    }

    public record Verdict(int expectedRows, int records, long lost, long duplicated, long reordered, long corrupted,
                          long checkpointAhead, long checkpointSamples, long checkpointAheadOfLso, boolean finished,
                          long prefixViolations,
                          List<String> problems) {

        public boolean clean() {
            return lost == 0 && duplicated == 0 && reordered == 0 && corrupted == 0 && checkpointAhead == 0
                    && finished && prefixViolations == 0;
        }

        public String summary() {
            return "rows " + expectedRows + ", records " + records + ": C1 lost " + lost + ", C2 duplicated "
                    + duplicated + ", C3 reordered " + reordered + ", C4 corrupted " + corrupted
                    + ", C5 checkpoint ahead " + checkpointAhead + " (of " + checkpointSamples + " samples; "
                    + checkpointAheadOfLso + " momentarily ahead of the LSO while commit markers were written), C6 finished "
                    + finished + ", live prefix violations " + prefixViolations
                    + (problems.isEmpty() ? "" : "; first problems: " + problems);
        }
    }

    /**
     * @param records       the partition, read_committed, in offset order
     * @param rows          the file's data rows, exactly as they must arrive
     * @param samples       checkpoint/LSO pairs taken during the run (may be empty)
     * @param finalCheckpoint the checkpoint after the run, if the scenario reads one
     * @param finished      whether the job ended COMPLETED within the scenario's bound
     * @param reader        the live prefix reader of the run, or null
     */
    public static Verdict check(List<Topic.Rec> records, List<String> rows, List<PrefixReader.Sample> samples,
                                Optional<CheckpointReader.State> finalCheckpoint, boolean finished,
                                PrefixReader reader) {
        return check(records, rows, samples, finalCheckpoint, finished, reader, false, "COMPLETED");
    }

    /**
     * For a scenario in which the job must stop before the end (an error it has to report): the topic must hold
     * a prefix of the file's rows — C1 counts only rows missing below the last one that arrived — and the final
     * checkpoint need not be COMPLETED. {@code endedAsExpected} is C6 here: the job stopped the way the scenario
     * demands (exit code and message), within its bound.
     */
    public static Verdict checkPrefix(List<Topic.Rec> records, List<String> rows, List<PrefixReader.Sample> samples,
                                      Optional<CheckpointReader.State> finalCheckpoint, boolean endedAsExpected,
                                      PrefixReader reader) {
        return check(records, rows, samples, finalCheckpoint, endedAsExpected, reader, true, null);
    }

    /**
     * For a job that runs until it is stopped (a copy that follows its source): as {@link #check}, but the final
     * checkpoint says INTERRUPTED, not COMPLETED; {@code stoppedAsExpected} is C6 here: the job stopped the way the
     * scenario demands (exit 3, within its bound).
     */
    public static Verdict checkStopped(List<Topic.Rec> records, List<String> rows, List<PrefixReader.Sample> samples,
                                       Optional<CheckpointReader.State> finalCheckpoint, boolean stoppedAsExpected,
                                       PrefixReader reader) {
        return check(records, rows, samples, finalCheckpoint, stoppedAsExpected, reader, false, "INTERRUPTED");
    }

    private static Verdict check(List<Topic.Rec> records, List<String> rows, List<PrefixReader.Sample> samples,
                                 Optional<CheckpointReader.State> finalCheckpoint, boolean finished,
                                 PrefixReader reader, boolean prefixOnly, String finalStatus) {
        List<String> problems = new ArrayList<>();
        int[] occurrences = new int[rows.size() + 1];
        long duplicated = 0;
        long reordered = 0;
        long corrupted = 0;
        long previousFirst = 0;
        for (Topic.Rec r : records) {
            long row = rowNumber(r);
            if (row < 1 || row > rows.size()) {
                corrupted++;
                note(problems, "offset " + r.offset() + " names no row of the file (csv.row " + r.headers().get("csv.row") + ")");
                continue;
            }
            if (!rows.get((int) row - 1).equals(r.value())) {
                corrupted++;
                note(problems, "offset " + r.offset() + " (row " + row + ") has other bytes than the file's row");
            }
            if (occurrences[(int) row]++ > 0) {
                duplicated++;
                note(problems, "offset " + r.offset() + " repeats row " + row);
                continue;
            }
            if (row < previousFirst) {
                reordered++;
                note(problems, "offset " + r.offset() + " is row " + row + " after row " + previousFirst);
            }
            previousFirst = row;
        }
        long lost = 0;
        long lastExpected = rows.size();
        if (prefixOnly) { // up to the highest row that arrived
            lastExpected = 0;
            for (int row = rows.size(); row >= 1 && lastExpected == 0; row--) {
                lastExpected = occurrences[row] > 0 ? row : 0;
            }
        }
        for (int row = 1; row <= lastExpected; row++) {
            if (occurrences[row] == 0) {
                if (lost++ == 0) {
                    note(problems, "row " + row + " is missing (the first lost one)");
                }
            }
        }
        long ahead = 0;
        long lagging = 0;
        for (PrefixReader.Sample s : samples) {
            CheckpointReader.State c = s.checkpoint();
            String wrong = checkpointAgainstTopic(c, records);
            if (wrong != null) {
                ahead++;
                note(problems, wrong);
            }
            if (c.kafkaOffset() >= s.lso()) {
                // commitTransaction() returns once the coordinator has logged the commit; the markers that make the
                // records visible to read_committed readers follow, so a checkpoint written right after a commit can
                // briefly be ahead of the LSO. Recovery is unaffected: initTransactions() waits for the markers.
                lagging++;
            }
        }
        boolean completed = finished;
        if (finalCheckpoint.isPresent()) {
            CheckpointReader.State c = finalCheckpoint.get();
            String wrong = checkpointAgainstTopic(c, records);
            if (wrong != null) {
                ahead++;
                note(problems, "final " + wrong);
            }
            if (finalStatus != null && !finalStatus.equals(c.status())) {
                completed = false;
                note(problems, "final checkpoint status is " + c.status());
            }
        }
        long prefix = reader == null ? 0 : reader.violations();
        if (prefix > 0) {
            note(problems, "live reader: " + reader.firstViolation());
        }
        return new Verdict(rows.size(), records.size(), lost, duplicated, reordered, corrupted, ahead, samples.size(),
                lagging, completed, prefix, problems);
    }

    /**
     * Why a checkpoint claims more than Kafka committed, or null when it does not: its anchor offset must hold a
     * committed record of the job that is the {@code totalSent}-th one (a checkpoint written for a transaction
     * that was then aborted points at a record no read_committed reader ever sees); without an anchor offset, it
     * may claim no more records than the topic holds.
     */
    private static String checkpointAgainstTopic(CheckpointReader.State c, List<Topic.Rec> records) {
        if (c.kafkaOffset() < 0) {
            return c.totalSent() > records.size() ? "checkpoint claims " + c.totalSent() + " records, the topic holds "
                    + records.size() : null;
        }
        long index = countBelow(records, c.kafkaOffset());
        if (index >= records.size() || records.get((int) index).offset() != c.kafkaOffset()) {
            return "checkpoint names anchor offset " + c.kafkaOffset() + " (" + c.totalSent()
                    + " records), which holds no committed record";
        }
        if (index + 1 != c.totalSent()) {
            return "checkpoint claims " + c.totalSent() + " records up to offset " + c.kafkaOffset()
                    + ", but that offset holds record number " + (index + 1);
        }
        return null;
    }

    /** Records with an offset below {@code offset}; records are in offset order. */
    private static long countBelow(List<Topic.Rec> records, long offset) {
        int lo = 0;
        int hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).offset() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long rowNumber(Topic.Rec r) {
        String row = r.headers().get("csv.row");
        try {
            return row == null ? -1 : Long.parseLong(row);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < 5) {
            problems.add(problem);
        }
    }
}
