package com.csvtokafka.source;

import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records of a {@link RecordStream} in input order, each with where it starts and where the record after it starts
 * (docs/architecture.md, "Record sources"). Arrays, filled and handed on whole, so that the engine's hot path
 * allocates nothing per record; valid until handed back with {@link RecordStream#recycle}.
 */
public final class RecordBatch {
    public static final int CAPACITY = 1024;

    /** The record's number in its input (a file's row number). */
    public final long[] number = new long[CAPACITY];
    /** Where the record starts in its input (a file's byte offset, a source partition's offset). */
    public final long[] offset = new long[CAPACITY];
    /** Where the record after it starts: the Position after this record. */
    public final long[] next = new long[CAPACITY];
    /** The record to send for a good row; null for a bad one. */
    public final ProducerRecord<byte[], byte[]>[] record = newRecords();
    /** Why the row is bad; null for a good row. */
    public final String[] error = new String[CAPACITY];
    /** A bad row's dead letter when the policy sends them; else null. */
    public final ProducerRecord<byte[], byte[]>[] deadLetter = newRecords();
    public int size;
    /** The input ended after these records. */
    public boolean end;
    /** Reading failed after these records (an IOException, a row too large, ...). */
    public Exception failure;

    public void add(long number, long offset, long next, ProducerRecord<byte[], byte[]> record, String error,
                    ProducerRecord<byte[], byte[]> deadLetter) {
        int i = size++;
        this.number[i] = number;
        this.offset[i] = offset;
        this.next[i] = next;
        this.record[i] = record;
        this.error[i] = error;
        this.deadLetter[i] = deadLetter;
    }

    /** Empties the batch for reuse. */
    public void clear() {
        Arrays.fill(record, 0, size, null);
        Arrays.fill(error, 0, size, null);
        Arrays.fill(deadLetter, 0, size, null);
        size = 0;
        end = false;
        failure = null;
    }

    @SuppressWarnings("unchecked")
    private static ProducerRecord<byte[], byte[]>[] newRecords() {
        return new ProducerRecord[CAPACITY];
    }
}
