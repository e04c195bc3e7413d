package com.csvtokafka.source;

/**
 * The input is not CSV text (a ZIP archive, UTF-16 text, Parquet, binary data, ...) or not in the compression asked
 * for: a usage error, found before anything is sent (the CLI exits 2). The message is two lines: what the input
 * is, then what to do ({@link #remedy()}).
 */
public final class NotCsvException extends SourceUnusableException {
    private final String what;
    private final String remedy;

    public NotCsvException(String what, String remedy) {
        super(what + "\n" + remedy);
        this.what = what;
        this.remedy = remedy;
    }

    /** What the input is. */
    public String what() {
        return what;
    }

    /** What to do about it, e.g. the command that converts it. */
    public String remedy() {
        return remedy;
    }
}
