package com.csvtokafka.source;

import com.csvtokafka.position.Position;
import java.io.IOException;
import java.util.List;

/**
 * Where a job's records come from (docs/architecture.md, "Record sources"): its inputs in order, each an ordered
 * stream of (record to send, {@link Position} after it) opened at a Position. The engine reads only through this;
 * the file and S3 byte path (decode, sniff, frame, encode) is one implementation, a Kafka topic's partitions (input =
 * source partition, offset = next source offset) another.
 */
public interface RecordSource {

    /** Where input {@code index} starts when nothing of it has been read: a file's first byte, a partition's first offset. */
    Position start(int index);

    /** Opens input {@code from.input()} at {@code from}, a record start this source wrote or a resume point. */
    RecordStream open(Position from) throws IOException, RecordSourceException;

    /** The column names of input {@code index}, read from its start; null when its records have none. */
    List<String> header(int index) throws IOException, RecordSourceException;

    /**
     * True when {@code at} lies past the end of its input as far as the source can tell without reading: recovery
     * refuses such a resume point (a file: a plain offset past its size; a partition: past its end offset).
     */
    boolean pastEnd(Position at);

    /** True when the inputs never end (a Kafka topic followed until stopped): the job never completes. */
    default boolean endless() {
        return false;
    }
}
