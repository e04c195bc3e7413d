package com.csvtokafka.verify;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.transfer.HeaderColumn;
import com.csvtokafka.transfer.RecordShape;
import com.csvtokafka.typed.ColumnView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The {@code --header-column} headers of a job's records against their rows: each header holds its column's text
 * in UTF-8 (an empty field: an empty value), as the run wrote them. Without header columns every record passes.
 */
final class HeaderColumnCheck {
    private final List<HeaderColumn> columns;
    private final RecordShape shape;
    private final CsvDialect dialect;
    private final Fields fields;
    /** Each header column's index in the current input's rows. */
    private int[] indexes = new int[0];

    HeaderColumnCheck(CsvDialect dialect, RecordShape shape) {
        this.columns = shape.headerColumns();
        this.shape = shape;
        this.dialect = dialect;
        this.fields = new Fields(dialect);
    }

    /** Binds to an input's header row (null without one). */
    void header(List<String> header) throws IOException {
        if (columns.isEmpty()) {
            return;
        }
        if (header == null) {
            throw new IOException("--header-column names columns of the header row: it needs --header true");
        }
        try {
            ColumnView view = ColumnView.of(header, shape.renames(), shape.columns());
            indexes = new int[columns.size()];
            for (int i = 0; i < indexes.length; i++) {
                indexes[i] = view.indexOf(columns.get(i).column());
                if (indexes[i] < 0) {
                    throw new IOException("--header-column " + columns.get(i) + ": no column " + columns.get(i).column()
                            + " in the header " + view.header());
                }
            }
        } catch (ConfigurationException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** What differs between the record's header columns and the row's values; null when they agree. */
    String differs(Row row, Headers headers) {
        if (columns.isEmpty()) {
            return null;
        }
        Fields f = fields.split(row);
        for (int i = 0; i < indexes.length; i++) {
            String name = columns.get(i).header();
            byte[] expected = f.value(indexes[i], dialect.charset()).getBytes(StandardCharsets.UTF_8);
            Header found = headers.lastHeader(name);
            if (found == null) {
                return "header " + name + " is missing (expected '" + new String(expected, StandardCharsets.UTF_8) + "')";
            }
            if (!Arrays.equals(expected, found.value())) {
                return "header " + name + " is '" + (found.value() == null ? "null"
                        : new String(found.value(), StandardCharsets.UTF_8)) + "', expected '"
                        + new String(expected, StandardCharsets.UTF_8) + "'";
            }
        }
        return null;
    }
}
