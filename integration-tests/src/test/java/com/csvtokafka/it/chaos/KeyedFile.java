package com.csvtokafka.it.chaos;

import com.csvtokafka.it.CsvData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * A CSV file for keyed scenarios ({@code id,customer,note}; the key is the {@code customer} column) and what a keyed
 * job must make of it, computed here and never by the code under test: the partition of each row is the one Kafka's
 * own default partitioner ({@link BuiltInPartitioner}, murmur2) chooses for its key, and each partition must hold
 * exactly its rows, once each, in file order. The byte offset of every row is known too, so a checkpoint's mark (a
 * byte offset) can be turned into the rows each partition must already hold.
 */
final class KeyedFile {
    final CsvData data;
    final int partitions;
    /** Per data row (index = row number - 1): its partition and the byte offset of its first byte. */
    private final int[] partitionOf;
    private final long[] offsetOf;
    /** Per partition: its rows, their row numbers and their offsets, in file order. */
    private final List<List<String>> rowsIn = new ArrayList<>();
    private final List<long[]> numbersIn = new ArrayList<>();
    private final List<long[]> offsetsIn = new ArrayList<>();

    private KeyedFile(CsvData data, String header, String eol, int partitions) {
        this.data = data;
        this.partitions = partitions;
        int n = data.rows.size();
        partitionOf = new int[n];
        offsetOf = new long[n];
        int eolBytes = eol.getBytes(StandardCharsets.UTF_8).length;
        long offset = header.getBytes(StandardCharsets.UTF_8).length + eolBytes;
        int[] counts = new int[partitions];
        for (int i = 0; i < n; i++) {
            String row = data.rows.get(i);
            offsetOf[i] = offset;
            offset += row.getBytes(StandardCharsets.UTF_8).length + eolBytes;
            partitionOf[i] = partitionFor(key(row), partitions);
            counts[partitionOf[i]]++;
        }
        int[] filled = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            rowsIn.add(new ArrayList<>(counts[p]));
            numbersIn.add(new long[counts[p]]);
            offsetsIn.add(new long[counts[p]]);
        }
        for (int i = 0; i < n; i++) {
            int p = partitionOf[i];
            rowsIn.get(p).add(data.rows.get(i));
            numbersIn.get(p)[filled[p]] = i + 1;
            offsetsIn.get(p)[filled[p]++] = offsetOf[i];
        }
    }

    /**
     * {@code count} rows over {@code customers} keys, notes with quotes, commas, non-ASCII bytes and line breaks
     * inside quotes; lines end in {@code eol}.
     */
    static KeyedFile generate(int count, int customers, long seed, String eol, int partitions) {
        Random random = new Random(seed);
        String[] notes = {"plain", "\"with, comma\"", "\"two\nlines\"", "naïve café", "\"\"", "\"say \"\"hi\"\"\"",
            "\"crlf\r\ninside\"", "😀 emoji", ""};
        List<String> rows = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            rows.add(i + ",c" + random.nextInt(customers) + "," + notes[random.nextInt(notes.length)]);
        }
        String header = "id,customer,note";
        return new KeyedFile(CsvData.of(header, rows, eol, true), header, eol, partitions);
    }

    /** The key column's value: the second field, never quoted here. */
    static String key(String row) {
        return row.split(",", 3)[1];
    }

    /** The partition Kafka's default partitioner chooses for {@code key} over {@code partitions} partitions. */
    static int partitionFor(String key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    int rows() {
        return data.rows.size();
    }

    int partitionOfRow(long row) {
        return partitionOf[(int) row - 1];
    }

    List<String> rowsIn(int partition) {
        return rowsIn.get(partition);
    }

    /** The csv.row the i-th record of {@code partition} must carry. */
    long rowNumberIn(int partition, long index) {
        long[] numbers = numbersIn.get(partition);
        return index < numbers.length ? numbers[(int) index] : -1;
    }

    /** How many rows of {@code partition} start before byte {@code offset}: all of them are before a mark there. */
    int rowsBefore(int partition, long offset) {
        long[] offsets = offsetsIn.get(partition);
        int i = Arrays.binarySearch(offsets, offset);
        return i >= 0 ? i : -i - 1;
    }
}
