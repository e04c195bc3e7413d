package com.csvtokafka.transfer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --header-column NAME[:HEADER]}: the value of column {@code column} goes into a Kafka header named
 * {@code header} on every record of the row, before the position headers. The value is the field's text in UTF-8,
 * quotes removed; an empty field gives the header an empty value, so every record carries the same header names.
 *
 * @param column a column of the header row, by its name in the file or its --rename'd name
 * @param header the Kafka header's name; the column's name when not given
 */
public record HeaderColumn(String column, String header) {
    /** Our own headers: a header column may not take their names, or recovery would read a column as an anchor. */
    static final String RESERVED = "csv.";

    public HeaderColumn {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("--header-column needs a column name: NAME[:HEADER]");
        }
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("--header-column " + column + ": the header name after ':' is empty");
        }
        if (header.startsWith(RESERVED)) {
            throw new IllegalArgumentException("--header-column " + column + ":" + header + ": header names starting "
                    + "with " + RESERVED + " are csv-to-kafka's own (position and recovery); choose another, e.g. "
                    + column + ":" + header.substring(RESERVED.length()));
        }
    }

    /**
     * {@code NAME} or {@code NAME:HEADER}, split at the last colon (a column whose name holds a colon is given with
     * its header name: {@code a:b:a:b}).
     */
    public static HeaderColumn parse(String value) {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        return colon < 0 ? new HeaderColumn(v, v) : new HeaderColumn(v.substring(0, colon).trim(),
                v.substring(colon + 1).trim());
    }

    /** Each of {@code values}; two columns into one header name are refused. */
    public static List<HeaderColumn> parseAll(List<String> values) {
        List<HeaderColumn> out = new ArrayList<>();
        Set<String> headers = new HashSet<>();
        for (String value : values == null ? List.<String>of() : values) {
            if (value.isBlank()) {
                continue;
            }
            HeaderColumn c = parse(value);
            if (!headers.add(c.header())) {
                throw new IllegalArgumentException("--header-column: two columns give the header " + c.header()
                        + "; name one of them apart with NAME:HEADER");
            }
            out.add(c);
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return column.equals(header) ? column : column + ":" + header;
    }
}
