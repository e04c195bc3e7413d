package com.csvtokafka.transfer;

import com.csvtokafka.events.JobListener;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.ByteRange;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.RecordSource;
import com.csvtokafka.source.SourceInfo;

/**
 * What every attempt of one run works with, fixed when the run starts: the job's settings and its lanes, its pinned
 * inputs and where their records come from (for a shard of one big file, its byte range of that file), its Kafka
 * clients, the stop signal, the event listeners, the topics' size limits and the rows the broker refused.
 *
 * @param range      null for a job that moves its inputs whole
 * @param generation the job's generation as the checkpoint store records it, or {@code Generation.UNKNOWN}
 */
record JobContext(JobConfig config, LanePlan lanes, InputSet inputs, RecordSource records, ByteRange range,
                  KafkaClients kafka, StopSignal stop, JobListener events, TopicLimits limits, TooLargeRows tooLarge,
                  long generation) {

    /** Where the job starts when Kafka has nothing of it: its first input's start, or its byte range's. */
    Position start() {
        return range == null ? records.start(inputs.first()) : range.start();
    }

    /** The bytes the job moves, for progress: its inputs', or its byte range's end for a shard of one file. */
    long totalBytes() {
        return range == null || range.end() == ByteRange.TO_THE_END ? inputs.totalBytes() : range.end();
    }

    /** The headers' codec for the records of input {@code index}, written by the job's {@code generation}. */
    AnchorCodec codec(int index, long generation) {
        SourceInfo input = inputs.get(index);
        // anchors of a prefix, directory or manifest job carry the pinned set's digest
        return new AnchorCodec(config.jobId(), input.uri(), input.version(), inputs.isSet() ? inputs.digest() : null,
                generation);
    }
}
