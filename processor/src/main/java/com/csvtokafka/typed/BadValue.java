package com.csvtokafka.typed;

/**
 * A CSV value that does not convert to its field's type: the reason, without the column and value (the caller
 * knows them). Thrown per bad value on the reading thread, so it carries no stack trace.
 */
public final class BadValue extends Exception {
    public BadValue(String reason) {
        super(reason, null, false, false);
    }
}
