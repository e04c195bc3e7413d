package com.csvtokafka.csv;

/**
 * One framed row, a view into the framer's buffer: valid only until the next call to {@link RowFramer#next}.
 * {@code offset} is the byte offset of the row's first byte in the source; {@code nextOffset} is the offset just
 * past its line terminator, where the following row starts (the resume point once this row is committed).
 */
public final class Row {
    byte[] buf;
    int start;
    int length;
    long offset;
    long nextOffset;
    long number;
    int fields;
    String error;

    public byte[] buffer() {
        return buf;
    }

    public int start() {
        return start;
    }

    public int length() {
        return length;
    }

    public long offset() {
        return offset;
    }

    public long nextOffset() {
        return nextOffset;
    }

    /** 1-based data-row number (the header row, when there is one, is row 0). */
    public long number() {
        return number;
    }

    public int fieldCount() {
        return fields;
    }

    /** Why this row is malformed, or null when it is well-formed. */
    public String error() {
        return error;
    }

    public byte[] copyBytes() {
        byte[] copy = new byte[length];
        System.arraycopy(buf, start, copy, 0, length);
        return copy;
    }
}
