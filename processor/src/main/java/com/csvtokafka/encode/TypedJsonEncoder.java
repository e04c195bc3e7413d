package com.csvtokafka.encode;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.typed.TypedRows;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Comparator;

/**
 * {@code --format json --schema}: typed JSON, fields in the schema's order. Read back by Jackson and compared as
 * trees, numbers by value (1.50 equals 1.5).
 */
public final class TypedJsonEncoder extends TypedEncoder {
    private static final ObjectMapper JACKSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    public TypedJsonEncoder(CsvDialect dialect, TypedRows rows) {
        super(dialect, rows);
    }

    @Override
    byte[] write(Row row, Fields fields) {
        return rows.json();
    }

    @Override
    byte[] key() {
        return rows.jsonKey();
    }

    @Override
    public boolean holds(byte[] expected, byte[] actual) {
        try {
            return JACKSON.readTree(expected).equals(BY_VALUE, JACKSON.readTree(actual));
        } catch (IOException e) {
            return false; // not JSON: a mismatch, reported with the record's bytes
        }
    }
}
