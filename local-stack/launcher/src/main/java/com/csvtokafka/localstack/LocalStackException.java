package com.csvtokafka.localstack;

/** A local server could not be started, reached or stopped; the message says which and what to look at. */
public class LocalStackException extends RuntimeException {

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
