package com.csvtokafka.transfer;

/** The transfer stopped on an error a user must look at (exit code 1); the message says what and where. */
public class TransferFailedException extends Exception {
    public TransferFailedException(String message) {
        super(message);
    }

    public TransferFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
