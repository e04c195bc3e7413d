package com.csvtokafka.csv;

/** A row longer than the framer may buffer: reported, never a hang or an out-of-memory error. */
public final class RowTooLargeException extends RuntimeException {
    private final long rowNumber;
    private final long offset;

    public RowTooLargeException(long rowNumber, long offset, int maxRowBytes) {
        super("row " + rowNumber + " at byte offset " + offset + " is longer than " + maxRowBytes
                + " bytes (--max-row-bytes); if this is expected raise --max-row-bytes, otherwise check the file: "
                + "an unbalanced quote makes the rest of the file one row");
        this.rowNumber = rowNumber;
        this.offset = offset;
    }

    public long rowNumber() {
        return rowNumber;
    }

    public long offset() {
        return offset;
    }
}
