package com.csvtokafka.source;

import java.io.IOException;

/** The source is not the version the job started with: resuming would mix two files in one topic. */
public final class SourceChangedException extends IOException {
    public SourceChangedException(String message) {
        super(message);
    }
}
