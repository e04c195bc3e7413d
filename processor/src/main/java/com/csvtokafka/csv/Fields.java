package com.csvtokafka.csv;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a framed row into its fields (positions into the row's bytes, reused from row to row) and gives each
 * field's value with the quotes removed and doubled quotes undone. Only needed for JSON output and key columns:
 * the csv format sends the row's bytes untouched. Fields end where {@link RowFramer} counts them, lazy quotes
 * included (a lone quote inside a quoted field is a character of it; see {@link CsvDialect}).
 */
public final class Fields {
    private final byte delimiter;
    private final byte quote;
    private final boolean lazyQuotes;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] quoted = new boolean[16];
    private int count;
    private byte[] buf;

    public Fields(CsvDialect dialect) {
        this.delimiter = dialect.delimiter();
        this.quote = dialect.quote();
        this.lazyQuotes = dialect.lazyQuotes();
    }

    /** Splits the row; valid until the next call. Expects a well-formed row (see {@link Row#error()}). */
    public Fields split(Row row) {
        return split(row.buffer(), row.start(), row.length());
    }

    public Fields split(byte[] b, int from, int length) {
        return split(b, from, length, Integer.MAX_VALUE);
    }

    /**
     * Splits the row's first {@code fields} fields only (a key column near the start need not pay for the rest);
     * {@link #count()} is then at most {@code fields}.
     */
    public Fields splitFirst(Row row, int fields) {
        return split(row.buffer(), row.start(), row.length(), fields);
    }

    private Fields split(byte[] b, int from, int length, int limit) {
        buf = b;
        count = 0;
        int end = from + length;
        int i = from;
        while (true) {
            ensureCapacity(count + 1);
            if (i < end && b[i] == quote) {
                int j = i + 1;
                while (j < end) {
                    if (b[j] == quote) {
                        if (j + 1 < end && b[j + 1] == quote) {
                            j += 2;
                            continue;
                        }
                        if (!lazyQuotes || closes(b, j + 1, end)) {
                            break;
                        }
                    }
                    j++;
                }
                starts[count] = i + 1;
                ends[count] = Math.min(j, end);
                quoted[count] = true;
                count++;
                if (count >= limit) {
                    return this;
                }
                i = j + 1;
                while (i < end && b[i] != delimiter) {
                    i++; // malformed tail after a closing quote is ignored here; the framer reports it
                }
            } else {
                int j = i;
                while (j < end && b[j] != delimiter) {
                    j++;
                }
                starts[count] = i;
                ends[count] = j;
                quoted[count] = false;
                count++;
                if (count >= limit) {
                    return this;
                }
                i = j;
            }
            if (i >= end) {
                return this;
            }
            i++; // past the delimiter; a delimiter at the very end means one more (empty) field
            if (i == end) {
                ensureCapacity(count + 1);
                starts[count] = end;
                ends[count] = end;
                quoted[count] = false;
                count++;
                return this;
            }
        }
    }

    /** Lazy quotes: a quote closes its field when the delimiter, a line end or the row's end follows it. */
    private boolean closes(byte[] b, int next, int end) {
        return next == end || b[next] == delimiter || b[next] == '\r' || b[next] == '\n';
    }

    public int count() {
        return count;
    }

    /** The field's raw bytes (between the quotes, doubled quotes still doubled). */
    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    public boolean quoted(int i) {
        return quoted[i];
    }

    public byte[] buffer() {
        return buf;
    }

    public byte quote() {
        return quote;
    }

    /** The field's value as bytes in the source encoding, quotes removed and doubled quotes undone. */
    public byte[] valueBytes(int i) {
        if (!quoted[i]) {
            return Arrays.copyOfRange(buf, starts[i], ends[i]);
        }
        byte[] out = new byte[ends[i] - starts[i]];
        int n = 0;
        for (int j = starts[i]; j < ends[i]; j++) {
            out[n++] = buf[j];
            if (buf[j] == quote && j + 1 < ends[i] && buf[j + 1] == quote) {
                j++;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    public String value(int i, Charset charset) {
        return new String(valueBytes(i), charset);
    }

    /** As {@link #value}, without copying the bytes of a field that holds no doubled quote (typed records). */
    public String string(int i, Charset charset) {
        if (quoted[i]) {
            for (int j = starts[i]; j < ends[i]; j++) {
                if (buf[j] == quote) {
                    return value(i, charset);
                }
            }
        }
        return new String(buf, starts[i], ends[i] - starts[i], charset);
    }

    /** True when the field is empty and was not written as {@code ""}: the typed reading of a missing value. */
    public boolean emptyUnquoted(int i) {
        return !quoted[i] && starts[i] == ends[i];
    }

    public List<String> values(Charset charset) {
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(value(i, charset));
        }
        return values;
    }

    private void ensureCapacity(int n) {
        if (n > starts.length) {
            int size = Math.max(n, starts.length * 2);
            starts = Arrays.copyOf(starts, size);
            ends = Arrays.copyOf(ends, size);
            quoted = Arrays.copyOf(quoted, size);
        }
    }
}
