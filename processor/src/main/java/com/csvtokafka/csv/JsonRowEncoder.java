package com.csvtokafka.csv;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes a row as a JSON object {header: value} in header order (values as strings), or as a JSON array when
 * the file has no header row. Output is UTF-8. For UTF-8 input the field bytes are copied straight into the
 * output with only JSON's escapes applied (the framer has already validated the UTF-8).
 */
public final class JsonRowEncoder {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Charset charset;
    private final boolean utf8;
    private final byte[][] names;
    private final Fields fields;
    /** The columns written, in order ({@code --columns}); null for all of them as they are. */
    private final int[] select;
    private byte[] out = new byte[4096];
    private int n;

    /** @param header the column names, or null to encode rows as arrays */
    public JsonRowEncoder(CsvDialect dialect, List<String> header) {
        this(dialect, header, null);
    }

    /**
     * @param header the names of the columns written (null: rows as arrays)
     * @param select the columns written, in order: {@code header.get(i)} names column {@code select[i]} of the row; null for all
     */
    public JsonRowEncoder(CsvDialect dialect, List<String> header, int[] select) {
        this.select = select == null ? null : select.clone();
        this.charset = dialect.charset();
        this.utf8 = dialect.utf8();
        this.fields = new Fields(dialect);
        if (header == null) {
            this.names = null;
        } else {
            this.names = new byte[header.size()][];
            for (int i = 0; i < header.size(); i++) {
                byte[] name = header.get(i).getBytes(StandardCharsets.UTF_8);
                n = 0;
                writeString(name, 0, name.length, false, (byte) 0);
                names[i] = Arrays.copyOf(out, n);
            }
        }
    }

    public byte[] encode(Row row) {
        return encode(fields.split(row));
    }

    /** Encodes a row already split into its fields. */
    public byte[] encode(Fields f) {
        if (select != null) {
            return encodeSelected(f);
        }
        n = 0;
        put(names == null ? (byte) '[' : (byte) '{');
        for (int i = 0; i < f.count(); i++) {
            if (i > 0) {
                put((byte) ',');
            }
            if (names != null) {
                byte[] name = i < names.length ? names[i] : ("\"column_" + (i + 1) + "\"").getBytes(StandardCharsets.US_ASCII);
                putAll(name);
                put((byte) ':');
            }
            if (utf8) {
                writeString(f.buffer(), f.start(i), f.end(i), f.quoted(i), f.quote());
            } else {
                byte[] value = f.value(i, charset).getBytes(StandardCharsets.UTF_8);
                writeString(value, 0, value.length, false, (byte) 0);
            }
        }
        put(names == null ? (byte) ']' : (byte) '}');
        return Arrays.copyOf(out, n);
    }

    private byte[] encodeSelected(Fields f) {
        n = 0;
        put((byte) '{');
        for (int k = 0; k < select.length; k++) {
            if (k > 0) {
                put((byte) ',');
            }
            putAll(names[k]);
            put((byte) ':');
            writeValue(f, select[k]);
        }
        put((byte) '}');
        return Arrays.copyOf(out, n);
    }

    private void writeValue(Fields f, int i) {
        if (utf8) {
            writeString(f.buffer(), f.start(i), f.end(i), f.quoted(i), f.quote());
        } else {
            byte[] value = f.value(i, charset).getBytes(StandardCharsets.UTF_8);
            writeString(value, 0, value.length, false, (byte) 0);
        }
    }

    private void writeString(byte[] b, int from, int to, boolean undoubleQuotes, byte quote) {
        ensure((to - from) * 6 + 2);
        out[n++] = '"';
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (undoubleQuotes && c == quote && i + 1 < to && b[i + 1] == quote) {
                i++;
            }
            if (c == '"' || c == '\\') {
                out[n++] = '\\';
                out[n++] = c;
            } else if (c >= 0 && c < 0x20) {
                out[n++] = '\\';
                switch (c) {
                    case '\n' -> out[n++] = 'n';
                    case '\r' -> out[n++] = 'r';
                    case '\t' -> out[n++] = 't';
                    case '\b' -> out[n++] = 'b';
                    case '\f' -> out[n++] = 'f';
                    default -> {
                        out[n++] = 'u';
                        out[n++] = '0';
                        out[n++] = '0';
                        out[n++] = HEX[c >> 4];
                        out[n++] = HEX[c & 0xf];
                    }
                }
            } else {
                out[n++] = c;
            }
        }
        out[n++] = '"';
    }

    private void put(byte b) {
        ensure(1);
        out[n++] = b;
    }

    private void putAll(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, out, n, b.length);
        n += b.length;
    }

    private void ensure(int more) {
        if (n + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, n + more));
        }
    }
}
