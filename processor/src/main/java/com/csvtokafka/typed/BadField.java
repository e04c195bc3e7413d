package com.csvtokafka.typed;

/**
 * A row whose value in one column does not convert: the column, the value (cut to {@link #MAX_VALUE_CHARS}) and
 * why. Its message is the bad row's error; the dead letter carries the three apart as well. No stack trace: under
 * {@code --on-bad-row skip} there may be one per row.
 */
public final class BadField extends Exception {
    public static final int MAX_VALUE_CHARS = 100;

    private final String column;
    private final String value;
    private final String reason;

    public BadField(String column, String value, String reason) {
        super("column " + column + (value == null ? "" : " value \"" + cut(value) + "\"") + ": " + reason, null, false, false);
        this.column = column;
        this.value = value == null ? null : cut(value);
        this.reason = reason;
    }

    static String cut(String value) {
        return value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS) + "…";
    }

    public String column() {
        return column;
    }

    /** The value as it stood in the CSV, cut to 100 characters; null when the column had no value. */
    public String value() {
        return value;
    }

    public String reason() {
        return reason;
    }
}
