package com.csvtokafka.source;

/** The source is not the version the job started with: resuming would mix two files in one topic. */
public final class SourceChangedException extends SourceUnusableException {
    public SourceChangedException(String message) {
        super(message);
    }
}
