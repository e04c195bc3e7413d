package com.csvtokafka.transfer;

import com.csvtokafka.events.JobListener;
import com.csvtokafka.kafka.KafkaClients;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;

/**
 * What every attempt of one run works with, fixed when the run starts: the job's settings, its pinned source, its
 * Kafka clients, the stop signal, the event listeners, the topics' size limits and the rows the broker refused.
 */
record JobContext(JobConfig config, Source source, SourceInfo info, KafkaClients kafka, StopSignal stop,
                  JobListener events, TopicLimits limits, TooLargeRows tooLarge, AnchorCodec codec) {
}
