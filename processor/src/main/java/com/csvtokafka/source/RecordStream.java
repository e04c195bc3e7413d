package com.csvtokafka.source;

import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.Position;
import java.io.IOException;
import java.util.List;

/**
 * The records of one input from a {@link Position} on, read ahead and handed out in {@link RecordBatch}es in input
 * order (docs/architecture.md, "Record sources").
 */
public interface RecordStream extends AutoCloseable {

    /** How the input is encoded as it was found ("none", "gzip", ...; a Kafka source's "none"). */
    String encoding();

    /** What opening the input at its position cost: bytes read and dropped to reach it, and the time it took. */
    long skippedBytes();

    long skippedMillis();

    /** The input's column names; null when it has none. */
    List<String> header();

    /** True when the input holds nothing at all to read (not even a header row it should have). */
    boolean empty();

    /** Starts reading; records carry {@code codec}'s headers. */
    void start(AnchorCodec codec) throws RecordSourceException;

    /** The next batch, or null if none is ready within a moment (a slow source). The last one has end or failure. */
    RecordBatch poll() throws InterruptedException;

    /** Hands a batch back; any thread may do it. */
    void recycle(RecordBatch batch);

    /**
     * Where a later resume at {@code offset} (a record start already read) or anywhere after it can start reading;
     * null when the input can be opened right at any record start (a plain file, a Kafka partition).
     */
    Position.Seek seekFor(long offset);

    /** How far into the stored input the reading has come at record offset {@code offset}: for progress. */
    long storedPosition(long offset);

    @Override
    void close() throws IOException;
}
