package com.csvtokafka.encode;

import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.JsonRowEncoder;
import com.csvtokafka.csv.Row;
import java.util.Arrays;

/** {@code --format json} without a schema: a JSON object {column: value} of strings (see {@link JsonRowEncoder}). */
public final class JsonEncoder implements Encoder {
    private final JsonRowEncoder json;

    public JsonEncoder(JsonRowEncoder json) {
        this.json = json;
    }

    @Override
    public byte[] value(Row row, Fields fields) {
        return fields != null ? json.encode(fields) : json.encode(row);
    }

    @Override
    public boolean holds(byte[] expected, byte[] actual) {
        return Arrays.equals(expected, actual);
    }
}
