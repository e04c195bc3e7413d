package com.csvtokafka.transfer;

import com.csvtokafka.typed.TypedOutput;
import com.csvtokafka.typed.TypedSchema;
import java.util.List;
import java.util.Map;

/**
 * What a record holds beyond the row itself: the typed schema and its framing ({@code --schema}, with
 * {@code --format json|avro} and {@code --schema-registry}), and the simple transforms {@code --columns},
 * {@code --rename}, {@code --timestamp column:NAME}, with how nulls and timestamps are written in the CSV.
 *
 * @param schema          null for untyped records
 * @param output          how typed records are framed; null when untyped
 * @param registry        the schema registry's URL when the schemas are registered there, else null
 * @param timestampColumn the column whose date or timestamp becomes the record's timestamp, or null
 * @param nullValue       the text that means null ({@code --null-value}), or null
 * @param timestampFormat a java.time pattern for timestamps, or null for ISO-8601
 * @param headerColumns   columns whose values go into each record's headers, in this order
 */
public record RecordShape(TypedSchema schema, TypedOutput output, String registry, List<String> columns,
                          Map<String, String> renames, String timestampColumn, String nullValue,
                          String timestampFormat, List<HeaderColumn> headerColumns) {
    public static final RecordShape NONE = new RecordShape(null, null, null, List.of(), Map.of(), null, null, null);

    /** A shape without header columns. */
    public RecordShape(TypedSchema schema, TypedOutput output, String registry, List<String> columns,
                       Map<String, String> renames, String timestampColumn, String nullValue, String timestampFormat) {
        this(schema, output, registry, columns, renames, timestampColumn, nullValue, timestampFormat, List.of());
    }

    /** This shape with {@code --header-column}s. */
    public RecordShape withHeaderColumns(List<HeaderColumn> newHeaderColumns) {
        return new RecordShape(schema, output, registry, columns, renames, timestampColumn, nullValue, timestampFormat,
                newHeaderColumns);
    }

    public RecordShape {
        columns = List.copyOf(columns);
        renames = Map.copyOf(renames);
        headerColumns = List.copyOf(headerColumns);
        if (schema != null && output == null) {
            throw new IllegalArgumentException("a typed shape needs its output framing");
        }
    }

    public boolean typed() {
        return schema != null;
    }

    /** True when records are not the file's columns as they are (chosen, renamed, or typed). */
    boolean reshapes() {
        return typed() || !columns.isEmpty() || !renames.isEmpty();
    }
}
