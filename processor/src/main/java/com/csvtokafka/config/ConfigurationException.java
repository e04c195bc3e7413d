package com.csvtokafka.config;

/** The job is configured wrongly (missing topic, table, file, bad option): exit code 2, nothing was sent. */
public final class ConfigurationException extends Exception {
    public ConfigurationException(String message) {
        super(message);
    }
}
