package com.csvtokafka.transfer;

import java.util.HashSet;
import java.util.Set;

/**
 * Rows (by byte offset) the broker refused as too large, kept across attempts: from then on they are bad rows,
 * handled per --on-bad-row. Written between attempts only; read by the next attempt's reading thread.
 */
final class TooLargeRows {
    private final Set<Long> offsets = new HashSet<>();

    /** Adds {@code refused}; false when none of them is new (then the broker refuses rows we already treat as bad). */
    synchronized boolean addAll(Set<Long> refused) {
        return !refused.isEmpty() && offsets.addAll(refused);
    }

    synchronized boolean contains(long offset) {
        // isEmpty first: contains() would box the offset for every row, and the set is almost always empty
        return !offsets.isEmpty() && offsets.contains(offset);
    }
}
