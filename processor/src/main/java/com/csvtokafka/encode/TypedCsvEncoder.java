package com.csvtokafka.encode;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.typed.TypedRows;
import java.util.Arrays;

/**
 * {@code --format csv --schema}: the row's bytes as {@link CsvEncoder} writes them, sent only when its values convert
 * to the schema's types; a typed key is typed JSON.
 */
public final class TypedCsvEncoder extends TypedEncoder {
    private final CsvEncoder csv;

    public TypedCsvEncoder(CsvDialect dialect, TypedRows rows, CsvEncoder csv) {
        super(dialect, rows);
        this.csv = csv;
    }

    @Override
    byte[] write(Row row, Fields fields) {
        return csv.value(row, fields);
    }

    @Override
    byte[] key() {
        return rows.jsonKey();
    }

    @Override
    public boolean holds(byte[] expected, byte[] actual) {
        return Arrays.equals(expected, actual);
    }
}
