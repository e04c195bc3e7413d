package com.csvtokafka.compress;

import java.util.Arrays;

/**
 * The member/frame/stream starts a decoder has passed, recent ones only, to answer "where can decoding start to
 * reach decoded offset d?" for offsets the reader has passed but not yet committed (rows in flight lag the read
 * position by up to a few MiB). Memory is bounded:
 * <ul>
 *   <li>queries come with non-decreasing offsets, so a query drops every start before the one it answers;</li>
 *   <li>starts at the same decoded offset (empty members) keep only the last: it holds the byte at that offset;</li>
 *   <li>past {@link #CAPACITY} starts (tiny members and a long lag), every other one is dropped, the first kept:
 *   answers stay valid (a start at or before the offset), only less tight (a resume decodes a little more).</li>
 * </ul>
 * The decoder thread adds, the reading or sending thread asks: methods are synchronized (asked once per commit).
 */
final class SeekTable {
    static final int CAPACITY = 1024;

    private long[] raw = new long[16];
    private long[] decoded = new long[16];
    private int size;
    private long lastQuery = -1;

    /** @param first where decoding started: the answer for offsets before any start the decoder finds */
    SeekTable(Seek first) {
        add(first.rawOffset(), first.decodedOffset());
    }

    synchronized void add(long rawOffset, long decodedOffset) {
        if (size > 0 && decoded[size - 1] == decodedOffset) {
            if (rawOffset > raw[size - 1]) {
                raw[size - 1] = rawOffset; // the previous member was empty: this one holds the byte
            }
            return;
        }
        if (size == CAPACITY) {
            thin();
        }
        if (size == raw.length) {
            raw = Arrays.copyOf(raw, Math.min(CAPACITY, size * 2));
            decoded = Arrays.copyOf(decoded, raw.length);
        }
        raw[size] = rawOffset;
        decoded[size] = decodedOffset;
        size++;
    }

    /** The latest start at or before {@code decodedOffset}. Offsets must not decrease from call to call. */
    synchronized Seek seekFor(long decodedOffset) {
        if (decodedOffset < lastQuery) {
            throw new IllegalArgumentException("seek asked for decoded offset " + decodedOffset + " after "
                    + lastQuery + ": offsets must not decrease");
        }
        if (decodedOffset < decoded[0]) {
            throw new IllegalArgumentException("decoded offset " + decodedOffset + " is before where decoding started ("
                    + decoded[0] + ")");
        }
        lastQuery = decodedOffset;
        int i = 0;
        while (i + 1 < size && decoded[i + 1] <= decodedOffset) {
            i++;
        }
        if (i > 0) { // later queries are at or after this one: the starts before its answer are never needed
            System.arraycopy(raw, i, raw, 0, size - i);
            System.arraycopy(decoded, i, decoded, 0, size - i);
            size -= i;
        }
        return new Seek(raw[0], decoded[0]);
    }

    synchronized int size() {
        return size;
    }

    private void thin() {
        int kept = 1;
        for (int i = 2; i < size; i += 2) {
            raw[kept] = raw[i];
            decoded[kept] = decoded[i];
            kept++;
        }
        size = kept;
    }
}
