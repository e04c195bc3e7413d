package com.csvtokafka.transfer;

import com.csvtokafka.events.JobEvent;
import java.util.HashSet;
import java.util.Set;

/**
 * Rows (by byte offset) the broker refused as too large, kept across attempts: from then on they are bad rows,
 * handled per --on-bad-row. Written between attempts only; read by the next attempt's reading thread.
 */
final class TooLargeRows {
    /** A row of the input set: its input's index and its byte offset in that input. */
    record RowAt(int input, long offset) implements JobEvent.Row {
        /** As logs and messages show it: people read it, so no record syntax. */
        @Override
        public String toString() {
            return "at byte offset " + offset + (input == 0 ? "" : " of file " + (input + 1));
        }
    }

    private final Set<RowAt> rows = new HashSet<>();

    /** Adds {@code refused}; false when none of them is new (then the broker refuses rows we already treat as bad). */
    synchronized boolean addAll(Set<RowAt> refused) {
        return !refused.isEmpty() && rows.addAll(refused);
    }

    synchronized boolean contains(int input, long offset) {
        // isEmpty first: contains() would allocate a key for every row, and the set is almost always empty
        return !rows.isEmpty() && rows.contains(new RowAt(input, offset));
    }
}
