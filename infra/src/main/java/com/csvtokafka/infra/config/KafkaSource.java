package com.csvtokafka.infra.config;

import java.util.Optional;

/**
 * A Kafka topic the jobs copy from ({@code -c sourceBootstrapServers=... -c sourceTopic=...}) instead of an S3
 * source. {@code mskClusterArn} present: the source is an MSK cluster read with IAM, and the jobs get exactly the
 * reads of this topic on it. {@code clientCidr}: where its brokers are, the only place the jobs' security group lets
 * them reach on the source's ports. {@code follow}: the copy keeps following the topic until stopped, as an ECS
 * service, instead of ending at the end offsets it pinned when it first started.
 */
public record KafkaSource(String bootstrapServers, String topic, Optional<String> mskClusterArn, String clientCidr,
                          boolean follow) {

    /** The processor's {@code --source}: {@code kafka://HOST:PORT[,HOST:PORT..]/TOPIC}. */
    public String uri() {
        return "kafka://" + bootstrapServers + "/" + topic;
    }
}
