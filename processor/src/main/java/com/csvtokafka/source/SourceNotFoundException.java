package com.csvtokafka.source;

/** The file, bucket or key does not exist or cannot be read: a configuration problem, not a transient one. */
public final class SourceNotFoundException extends SourceUnusableException {
    public SourceNotFoundException(String message) {
        super(message);
    }
}
