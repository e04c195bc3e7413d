package com.csvtokafka.source;

import java.io.IOException;

/** The source cannot be read as asked, and retrying will not change that: the run stops with the reason. */
public class SourceUnusableException extends IOException {
    public SourceUnusableException(String message) {
        super(message);
    }
}
