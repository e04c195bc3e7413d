package com.csvtokafka.transfer;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CloseNames;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The record key of a row from its key column(s) (--key column:NAME[,NAME..]): one column's value as it stands
 * (UTF-8), several columns' values as one CSV row of them, joined by the file's delimiter and quoted where CSV needs
 * it. A keyed job's partition is chosen from these bytes, and {@code verify} recomputes it from them.
 */
public final class RowKey {
    private final CsvDialect dialect;
    private final Fields fields;
    private final int[] columns;
    /** Fields to split: up to the last key column. */
    private final int needed;

    /** @param header the column names, or null for a file without a header row (then columns are 1-based numbers) */
    public RowKey(List<String> names, CsvDialect dialect, List<String> header) throws ConfigurationException {
        this.dialect = dialect;
        this.fields = new Fields(dialect);
        this.columns = new int[names.size()];
        int last = 0;
        for (int i = 0; i < columns.length; i++) {
            columns[i] = column(names.get(i), header);
            last = Math.max(last, columns[i]);
        }
        this.needed = last + 1;
    }

    private static int column(String column, List<String> header) throws ConfigurationException {
        if (header != null) {
            int index = header.indexOf(column);
            if (index < 0) {
                throw new ConfigurationException("--key column:" + column + ": no such column in the header " + header
                        + CloseNames.closest(column, header).map(c -> "\ndid you mean --key column:" + c + "?").orElse(""));
            }
            return index;
        }
        try {
            int index = Integer.parseInt(column) - 1;
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigurationException("--key column:" + column + " needs a header row (--header true), or a "
                + "1-based column number when there is none");
    }

    /** The key of a well-formed row (a missing column counts as empty). */
    public byte[] of(Row row) {
        Fields f = fields.splitFirst(row, needed);
        if (columns.length == 1) {
            return value(f, columns[0]);
        }
        char delimiter = (char) dialect.delimiter();
        char quote = (char) dialect.quote();
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                key.append(delimiter);
            }
            String v = columns[i] < f.count() ? f.value(columns[i], dialect.charset()) : "";
            if (v.indexOf(delimiter) >= 0 || v.indexOf(quote) >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                String q = Character.toString(quote);
                key.append(quote).append(v.replace(q, q + q)).append(quote);
            } else {
                key.append(v);
            }
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] value(Fields f, int column) {
        if (column >= f.count()) {
            return new byte[0];
        }
        return dialect.utf8() ? f.valueBytes(column) : f.value(column, dialect.charset()).getBytes(StandardCharsets.UTF_8);
    }
}
