package com.csvtokafka.source;

/**
 * A record source cannot produce the job's records as configured (a malformed header row, settings that do not fit
 * the input): never retried. {@link #configuration()} tells a configuration error (exit 2) from a failed transfer.
 */
public final class RecordSourceException extends Exception {
    private final boolean configuration;

    public RecordSourceException(String message, boolean configuration) {
        super(message);
        this.configuration = configuration;
    }

    public boolean configuration() {
        return configuration;
    }
}
