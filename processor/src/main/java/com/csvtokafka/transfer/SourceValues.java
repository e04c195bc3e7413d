package com.csvtokafka.transfer;

import java.util.List;
import java.util.Locale;

/**
 * How the values of a Kafka source are read (docs/architecture.md, "Kafka source"): copied as they are
 * ({@code --source-format bytes}), or each value read as one row — a JSON object whose members are the columns, or
 * the text of one CSV row in the job's dialect — that the job's record shaping turns into the record to send.
 *
 * @param columns the columns' names in row order ({@code --source-columns}, else the {@code --schema}'s fields);
 *                empty for bytes
 */
public record SourceValues(Format format, List<String> columns) {
    /** Values copied as they are. */
    public static final SourceValues BYTES = new SourceValues(Format.BYTES, List.of());

    /** What a source value is. */
    public enum Format { BYTES, JSON, CSV }

    public SourceValues {
        columns = List.copyOf(columns);
        if (format != Format.BYTES && columns.isEmpty()) {
            throw new IllegalArgumentException("--source-format " + format.name().toLowerCase(Locale.ROOT)
                    + " reads each value as one row and needs its column names: give them with --source-columns "
                    + "A,B,C (in the row's order), or give a --schema, whose fields name them");
        }
    }

    /** True when each value is read as a row and shaped, false when records are copied as they are. */
    public boolean shaped() {
        return format != Format.BYTES;
    }

    /** {@code bytes}, {@code json} or {@code csv} as --source-format spells it. */
    public static Format parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "bytes" -> Format.BYTES;
            case "json" -> Format.JSON;
            case "csv" -> Format.CSV;
            default -> throw new IllegalArgumentException("--source-format must be bytes, json or csv, got '" + value
                    + "'");
        };
    }

    @Override
    public String toString() {
        return format.name().toLowerCase(Locale.ROOT);
    }
}
