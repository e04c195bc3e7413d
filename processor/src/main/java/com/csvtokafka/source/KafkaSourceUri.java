package com.csvtokafka.source;

import java.util.Locale;

/**
 * A Kafka topic as a job's source: {@code kafka://HOST:PORT[,HOST:PORT..]/TOPIC} (shared/DESIGN.md §9). The brokers
 * are the source cluster's bootstrap servers; its client settings come from --source-kafka-* options.
 */
public record KafkaSourceUri(String bootstrapServers, String topic) {
    public static final String SCHEME = "kafka://";

    public static boolean isKafka(String uri) {
        return uri != null && uri.trim().toLowerCase(Locale.ROOT).startsWith(SCHEME);
    }

    /** Parses {@code kafka://h1:9092,h2:9092/topic}; a message saying what is wrong and what it should look like. */
    public static KafkaSourceUri parse(String uri) {
        String text = uri.trim();
        if (!isKafka(text)) {
            throw new IllegalArgumentException("not a Kafka source: " + uri);
        }
        String rest = text.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String brokers = slash < 0 ? rest : rest.substring(0, slash);
        String topic = slash < 0 ? "" : rest.substring(slash + 1);
        if (brokers.isBlank() || topic.isBlank() || topic.contains("/")) {
            throw new IllegalArgumentException("a Kafka source looks like kafka://HOST:PORT[,HOST:PORT..]/TOPIC, got '"
                    + uri + "'");
        }
        for (String broker : brokers.split(",")) {
            int colon = broker.lastIndexOf(':');
            if (colon <= 0 || colon == broker.length() - 1 || !broker.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("a Kafka source's brokers are HOST:PORT, comma-separated; got '"
                        + broker + "' in '" + uri + "'");
            }
        }
        return new KafkaSourceUri(brokers, topic);
    }

    /** The URI of one source partition, as inputs, anchors and messages name it: {@code kafka://b:9092/topic#2}. */
    public String partitionUri(int partition) {
        return this + "#" + partition;
    }

    @Override
    public String toString() {
        return SCHEME + bootstrapServers + "/" + topic;
    }
}
