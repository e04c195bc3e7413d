package com.csvtokafka.csv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Frames one byte array — a Kafka record's value holding the text of one CSV row — as exactly one {@link Row}, by
 * the {@link RowFramer}'s rules, so that it goes on as a row of a file would. One line terminator at its end is
 * allowed; an empty value, or one holding a second row, is a malformed row, as is whatever the framer finds
 * malformed (byte offsets in its messages count from the value's start). A value longer than {@code maxRowBytes}
 * is malformed too: unlike a file's row, it does not hide where the next one starts.
 */
public final class ValueFramer {
    private final CsvDialect dialect;
    private final int maxRowBytes;

    public ValueFramer(CsvDialect dialect, int maxRowBytes) {
        this.dialect = dialect;
        this.maxRowBytes = maxRowBytes;
    }

    /**
     * Fills {@code into} with {@code value} as one row numbered {@code number}, at {@code offset} (its position in
     * its input, for messages and dead letters), with the next row at {@code nextOffset}; {@link Row#error()} says
     * why the value is not one well-formed row.
     */
    public void frame(byte[] value, long number, long offset, long nextOffset, Row into) {
        String error = null;
        // one byte of room past the value: the framer sees the end of its input without growing its buffer
        try (RowFramer framer = new RowFramer(new ByteArrayInputStream(value), 0, number, dialect, maxRowBytes,
                value.length + 1)) {
            if (!framer.next(into)) {
                whole(value, into);
                error = "the value holds no CSV row (it is empty or only line ends)";
            } else if (!onlyLineEnds(value, (int) into.nextOffset)) {
                error = "the value holds more than one CSV row (a line end outside quotes at byte offset "
                        + (into.offset + into.length) + ", and more after it)";
            } else if (into.error != null) {
                error = "the value is not a well-formed CSV row: " + into.error;
            }
        } catch (RowTooLargeException e) {
            whole(value, into);
            error = "the value is longer than --max-row-bytes (" + maxRowBytes + " bytes)";
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail to read
        }
        into.number = number;
        into.offset = offset;
        into.nextOffset = nextOffset;
        into.error = error;
    }

    /**
     * True when {@code value} holds nothing but empty lines from {@code from} on (LF, CRLF, a CR as its last byte),
     * which are no rows; checked on the value itself, as the framer's buffer still holds the row.
     */
    private static boolean onlyLineEnds(byte[] value, int from) {
        int i = from;
        while (i < value.length) {
            if (value[i] == '\n') {
                i++;
            } else if (value[i] == '\r' && (i + 1 == value.length || value[i + 1] == '\n')) {
                i += i + 1 == value.length ? 1 : 2;
            } else {
                return false;
            }
        }
        return true;
    }

    /** The whole value as the row's bytes: what a malformed value's dead letter holds. */
    private static void whole(byte[] value, Row into) {
        into.buf = value;
        into.start = 0;
        into.length = value.length;
        into.fields = 0;
    }
}
