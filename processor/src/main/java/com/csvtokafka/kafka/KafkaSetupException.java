package com.csvtokafka.kafka;

/** Kafka is not usable for this job: unreachable, or a topic missing or too small. */
public final class KafkaSetupException extends Exception {
    private final boolean configuration;

    public KafkaSetupException(String message, boolean configuration) {
        super(message);
        this.configuration = configuration;
    }

    /** True when the user's configuration is wrong (exit 2), false when Kafka could not be reached (exit 1). */
    public boolean configuration() {
        return configuration;
    }
}
