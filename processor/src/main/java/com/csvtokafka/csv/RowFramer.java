package com.csvtokafka.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/**
 * Finds RFC 4180 row boundaries in a byte stream without decoding it, so every row's byte offset is exact
 * whatever the encoding (multi-byte UTF-8 included) and a resume can start at any row boundary.
 *
 * <p>Quoted fields may hold the delimiter, doubled quotes, CR and LF. Rows end in LF or CRLF outside quotes. A
 * UTF-8 BOM at offset 0 is skipped; a last row without a line terminator is a row; empty lines are not rows.
 * Malformed rows (unterminated quote at end of file, a quote inside an unquoted field, text after a closing
 * quote, a bare CR, undecodable bytes) are framed like any other row and returned with {@link Row#error()} set,
 * so the caller decides what a bad row means; the framing of the following rows is unaffected.
 *
 * <p>With {@link CsvDialect#lazyQuotes() lazy quotes} a quote inside an unquoted field is a character, and a quote
 * inside a quoted field that is neither doubled nor followed by the delimiter or a line end is a character of that
 * still-open field (Go's {@code LazyQuotes}; see {@link CsvDialect}): neither makes the row malformed.
 *
 * <p>Memory is bounded: the buffer holds at most one row plus read-ahead, and a row longer than
 * {@code maxRowBytes} is a {@link RowTooLargeException}.
 */
public final class RowFramer implements Closeable {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final int MIN_BUFFER = 1 << 16;
    private static final int DEFAULT_BUFFER = 1 << 20;
    /** Eight bytes at a time (little-endian: the lowest-addressed byte is the lowest-order one). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;
    private static final long LF_WORD = broadcast(LF);
    private static final long CR_WORD = broadcast(CR);

    private final InputStream in;
    private final byte delimiter;
    private final byte quote;
    private final boolean lazyQuotes;
    private final int maxRowBytes;
    private final boolean[] special = new boolean[256];
    private final CharsetDecoder strictDecoder;
    private final boolean validateUtf8;
    private final long delimiterWord;
    private final long quoteWord;
    private final boolean wordAtATime;

    private byte[] buf;
    private int limit;
    private int rowStart;
    private long bufferOffset;
    private boolean eof;
    private boolean atSourceStart;
    private long nextNumber;
    private Runnable beforeRead = () -> { };

    // results of the last scan
    private int scanEnd;
    private int scanTerminator;
    private int scanFields;
    private String scanError;

    /**
     * @param in          the source, positioned at {@code startOffset}, which must be a row boundary
     * @param firstNumber the number given to the first row read (0 for the header row of a whole file)
     */
    public RowFramer(InputStream in, long startOffset, long firstNumber, CsvDialect dialect, int maxRowBytes) {
        this(in, startOffset, firstNumber, dialect, maxRowBytes, DEFAULT_BUFFER);
    }

    RowFramer(InputStream in, long startOffset, long firstNumber, CsvDialect dialect, int maxRowBytes, int bufferSize) {
        this(in, startOffset, firstNumber, dialect, maxRowBytes, bufferSize, true);
    }

    /** @param wordAtATime false scans byte by byte (the reference the tests compare the word scan with) */
    RowFramer(InputStream in, long startOffset, long firstNumber, CsvDialect dialect, int maxRowBytes, int bufferSize,
              boolean wordAtATime) {
        this.in = in;
        this.wordAtATime = wordAtATime;
        this.delimiterWord = broadcast(dialect.delimiter());
        this.quoteWord = broadcast(dialect.quote());
        this.delimiter = dialect.delimiter();
        this.quote = dialect.quote();
        this.lazyQuotes = dialect.lazyQuotes();
        this.maxRowBytes = maxRowBytes;
        this.buf = new byte[Math.max(16, Math.min(bufferSize, Math.max(MIN_BUFFER, maxRowBytes)))];
        this.bufferOffset = startOffset;
        this.atSourceStart = startOffset == 0 && dialect.utf8();
        this.nextNumber = firstNumber;
        this.validateUtf8 = dialect.utf8();
        this.strictDecoder = dialect.utf8() ? null : dialect.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        special[delimiter & 0xff] = true;
        special[quote & 0xff] = true;
        special[CR] = true;
        special[LF] = true;
    }

    /** Fills {@code row} with the next row; false at end of input. */
    public boolean next(Row row) throws IOException {
        while (true) {
            if (rowStart >= limit) {
                if (eof || !fill()) {
                    return false;
                }
                continue;
            }
            boolean complete = scan(rowStart, limit);
            if (!complete && !eof) {
                makeRoom();
                fill();
                continue;
            }
            int end = scanEnd;
            int next = end + scanTerminator;
            if (end - rowStart > maxRowBytes) {
                throw new RowTooLargeException(nextNumber, bufferOffset + rowStart, maxRowBytes);
            }
            if (end == rowStart && scanError == null) {
                rowStart = next; // an empty line is not a row
                continue;
            }
            row.buf = buf;
            row.start = rowStart;
            row.length = end - rowStart;
            row.offset = bufferOffset + rowStart;
            row.nextOffset = bufferOffset + next;
            row.number = nextNumber++;
            row.fields = scanFields;
            row.error = scanError != null ? scanError : checkEncoding(rowStart, end);
            rowStart = next;
            return true;
        }
    }

    /**
     * Runs {@code hook} each time, and only when, {@link #next} is about to read from the source (and may block):
     * a reader that hands rows on in batches hands on what it has before waiting for input.
     */
    public void beforeRead(Runnable hook) {
        this.beforeRead = hook;
    }

    /** Where the next row (not yet returned) starts in the source. */
    public long position() {
        return bufferOffset + rowStart;
    }

    /**
     * Scans one row from {@code from}; true when its terminator was found (or, at end of input, the row ended).
     * Sets scanEnd (exclusive end of the row's content), scanTerminator, scanFields and scanError.
     */
    private boolean scan(int from, int to) {
        final byte[] b = buf;
        final byte d = delimiter;
        final byte q = quote;
        final boolean[] sp = special;
        int fields = 1;
        String error = null;
        int i = from;
        int state = 0; // 0 field start, 1 unquoted, 2 quoted, 3 quote seen inside quoted
        while (i < to) {
            byte c = b[i];
            switch (state) {
                case 0:
                    if (c == q) {
                        state = 2;
                        i++;
                        break;
                    }
                    state = 1;
                    // fall through: the byte belongs to an unquoted field
                case 1:
                    if (wordAtATime) {
                        i = skipToSpecial(b, i, to);
                    }
                    while (i < to && !sp[b[i] & 0xff]) {
                        i++;
                    }
                    if (i == to) {
                        break;
                    }
                    c = b[i];
                    if (c == d) {
                        fields++;
                        state = 0;
                        i++;
                    } else if (c == LF || c == CR) {
                        int t = terminator(i, to);
                        if (t < 0) {
                            return incomplete(fields, error, state);
                        }
                        if (t > 0) {
                            return complete(i, t, fields, error);
                        }
                        if (error == null) {
                            error = "bare CR (carriage return without line feed) outside quotes at byte offset "
                                    + (bufferOffset + i) + "; only LF and CRLF end rows";
                        }
                        i++;
                    } else {
                        if (error == null && !lazyQuotes) {
                            error = "quote character inside an unquoted field at byte offset " + (bufferOffset + i);
                        }
                        i++;
                    }
                    break;
                case 2: {
                    int j = wordAtATime ? skipToQuote(b, i, to) : i;
                    while (j < to && b[j] != q) {
                        j++;
                    }
                    if (j == to) {
                        i = to;
                        break;
                    }
                    i = j + 1;
                    state = 3;
                    break;
                }
                default: // 3: the quote just seen either doubles (escape) or closes the field
                    if (c == q) {
                        state = 2;
                        i++;
                    } else if (c == d) {
                        fields++;
                        state = 0;
                        i++;
                    } else if (c == LF || c == CR) {
                        state = 1; // the closed field ends here: the unquoted state handles the line end
                    } else if (lazyQuotes) {
                        state = 2; // the quote was a character of the field, which goes on
                    } else {
                        if (error == null) {
                            error = "unexpected character after a closing quote at byte offset " + (bufferOffset + i);
                        }
                        state = 1;
                    }
                    break;
            }
        }
        return incomplete(fields, error, state);
    }

    /**
     * Skips eight bytes at a time up to the first word holding a delimiter, quote, CR or LF; returns the index of
     * that byte, or a point near {@code to} from which the byte loop finishes.
     */
    private int skipToSpecial(byte[] b, int i, int to) {
        final long d = delimiterWord;
        final long q = quoteWord;
        while (i + 8 <= to) {
            long w = (long) LONGS.get(b, i);
            long hits = zeroBytes(w ^ d) | zeroBytes(w ^ q) | zeroBytes(w ^ LF_WORD) | zeroBytes(w ^ CR_WORD);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
            i += 8;
        }
        return i;
    }

    /** As {@link #skipToSpecial} for the quote alone (inside a quoted field). */
    private int skipToQuote(byte[] b, int i, int to) {
        final long q = quoteWord;
        while (i + 8 <= to) {
            long hits = zeroBytes((long) LONGS.get(b, i) ^ q);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
            i += 8;
        }
        return i;
    }

    /** 0x80 in each byte of {@code x} that is zero, 0 elsewhere (exact: no false positives). */
    private static long zeroBytes(long x) {
        return ~(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN);
    }

    private static long broadcast(byte b) {
        return (b & 0xffL) * 0x0101010101010101L;
    }

    /** Length of the line terminator at {@code i}: 1 (LF), 2 (CRLF), 0 (bare CR), -1 (need more input). */
    private int terminator(int i, int to) {
        if (buf[i] == LF) {
            return 1;
        }
        if (i + 1 < to) {
            return buf[i + 1] == LF ? 2 : 0;
        }
        return eof ? 1 : -1; // a CR as the very last byte of the file ends the last row
    }

    private boolean complete(int end, int terminator, int fields, String error) {
        scanEnd = end;
        scanTerminator = terminator;
        scanFields = fields;
        scanError = error;
        return true;
    }

    private boolean incomplete(int fields, String error, int state) {
        scanEnd = limit;
        scanTerminator = 0;
        scanFields = fields;
        scanError = error != null ? error
                : state == 2 ? "unterminated quoted field: the end of the file was reached inside quotes" : null;
        return false;
    }

    private String checkEncoding(int from, int to) {
        if (validateUtf8) {
            int bad = Utf8.firstInvalid(buf, from, to);
            return bad < 0 ? null : "invalid UTF-8 byte sequence at byte offset " + (bufferOffset + bad)
                    + (Utf8.readsAsWindows1252(buf, from, to) ? " (the row reads as Windows-1252/Latin-1 text: pass "
                    + "--encoding windows-1252)" : "");
        }
        try {
            strictDecoder.reset().decode(ByteBuffer.wrap(buf, from, to - from));
            return null;
        } catch (CharacterCodingException e) {
            return "bytes not decodable as " + strictDecoder.charset().name() + " (" + e.getMessage() + ")";
        }
    }

    /** Makes room after {@code limit} for an incomplete row: moves it to the front, or grows the buffer. */
    private void makeRoom() {
        int pending = limit - rowStart;
        if (pending >= maxRowBytes) {
            throw new RowTooLargeException(nextNumber, bufferOffset + rowStart, maxRowBytes);
        }
        if (rowStart > 0) {
            System.arraycopy(buf, rowStart, buf, 0, pending);
            bufferOffset += rowStart;
            limit = pending;
            rowStart = 0;
        }
        if (limit == buf.length) {
            int grown = (int) Math.min((long) maxRowBytes + 2, Math.max(buf.length * 2L, MIN_BUFFER));
            byte[] bigger = new byte[grown];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        }
    }

    /** Reads more input after {@code limit}; false at end of input. */
    private boolean fill() throws IOException {
        beforeRead.run();
        if (rowStart >= limit) {
            bufferOffset += limit;
            rowStart = 0;
            limit = 0;
        }
        // what the source has now, not a full buffer: rows already here are framed without waiting for more
        int n = read();
        if (atSourceStart) {
            while (limit < 3 && !eof) { // the BOM check needs the first three bytes
                n += read();
            }
            atSourceStart = false;
            if (limit >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                rowStart = 3;
            }
        }
        return n > 0;
    }

    private int read() throws IOException {
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return 0;
        }
        limit += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
