package com.csvtokafka.csv;

import java.io.ByteArrayOutputStream;

/**
 * CSV text of some of a row's fields: {@code --format csv} with {@code --columns}, each chosen field's bytes exactly
 * as they stand in the file, quotes and all, joined by the delimiter.
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
}
