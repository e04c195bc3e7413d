package com.csvtokafka.csv;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;

/**
 * CSV text of some of a row's fields: {@code --format csv} with {@code --columns} (each chosen field's bytes
 * exactly as they stand in the file, quotes and all, joined by the delimiter), and a key of several columns (the
 * values written as one CSV row, quoted where RFC 4180 needs it).
 */
public final class CsvColumns {
    private final byte delimiter;
    private final byte quote;

    public CsvColumns(CsvDialect dialect) {
        this.delimiter = dialect.delimiter();
        this.quote = dialect.quote();
    }

    /** The chosen fields' raw bytes, in {@code select} order, joined by the delimiter. */
    public byte[] raw(Fields f, int[] select) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        for (int k = 0; k < select.length; k++) {
            if (k > 0) {
                out.write(delimiter);
            }
            int i = select[k];
            if (i < f.count()) {
                int from = f.quoted(i) ? f.start(i) - 1 : f.start(i);
                int to = f.quoted(i) ? Math.min(f.end(i) + 1, f.buffer().length) : f.end(i);
                out.write(f.buffer(), from, to - from);
            }
        }
        return out.toByteArray();
    }

    /** The values of the fields as one CSV row (no line end), in UTF-8. */
    public byte[] row(Fields f, int[] select, Charset charset) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < select.length; k++) {
            if (k > 0) {
                out.append((char) delimiter);
            }
            out.append(quoted(select[k] < f.count() ? f.value(select[k], charset) : ""));
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A value as a CSV field: quoted (quotes doubled) when it holds the delimiter, a quote, CR or LF. */
    public String quoted(String value) {
        char d = (char) delimiter;
        char q = (char) quote;
        if (value.indexOf(d) < 0 && value.indexOf(q) < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        String qs = String.valueOf(q);
        return qs + value.replace(qs, qs + qs) + qs;
    }
}
