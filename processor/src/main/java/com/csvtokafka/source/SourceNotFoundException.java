package com.csvtokafka.source;

import java.io.IOException;

/** The file, bucket or key does not exist or cannot be read: a configuration problem, not a transient one. */
public final class SourceNotFoundException extends IOException {
    public SourceNotFoundException(String message) {
        super(message);
    }
}
