package com.csvtokafka.transfer;

import com.csvtokafka.events.JobListener;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.source.InputSet;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;

/**
 * What every attempt of one run works with, fixed when the run starts: the job's settings, its pinned inputs, its
 * Kafka clients, the stop signal, the event listeners, the topics' size limits and the rows the broker refused.
 */
record JobContext(JobConfig config, Source source, InputSet inputs, KafkaClients kafka,
                  StopSignal stop, JobListener events, TopicLimits limits, TooLargeRows tooLarge) {

    /** The headers' codec for the records of input {@code index}. */
    AnchorCodec codec(int index) {
        SourceInfo input = inputs.get(index);
        // anchors of a prefix, directory or manifest job carry the pinned set's digest
        return new AnchorCodec(config.jobId(), input.uri(), input.version(), inputs.isSet() ? inputs.digest() : null);
    }
}
