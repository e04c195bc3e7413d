package com.csvtokafka.typed;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.csv.RowFramer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An Avro record schema for a CSV file, from a sample of its rows: each column gets the narrowest type every
 * sampled value fits ({@link ColumnGuess}, {@link ValueShapes}), nullable where a value was missing. The schema
 * is a starting point a user edits and passes to {@code run --schema}.
 *
 * <p>The sample is the first {@code rows} data rows of the inputs in order: the first input, and the next ones
 * only while the sample is not full (a prefix of small part files). Reading the start is what a user can repeat
 * and reason about ("the first 10,000 rows"); a value further on that does not fit is a bad row of the run, named
 * with its row and byte offset, and a larger {@code --rows} or an edit of the schema fixes it.
 *
 * <p>A missing value is an empty unquoted field, or an unquoted field equal to the null marker; {@code ""} is an
 * empty string — as the typed conversion reads them.
 */
public final class SchemaInference {

    /** Malformed rows reported one by one; beyond this only counted. */
    static final int REPORTED_MALFORMED = 20;
    private static final int MAX_ROW_BYTES = 64 << 20;

    /** One input of the source, opened at its start and decoded. */
    public interface Input {
        String uri();

        InputStream open() throws IOException;
    }

    /**
     * @param rows       data rows to sample (at least 1)
     * @param nullValue  an unquoted field of exactly this text is null (as {@code --null-value}), or null
     * @param namespace  the record's namespace ("" for none)
     * @param recordName the record's name, or null to take it from the source's file name
     */
    public record Settings(long rows, String nullValue, String namespace, String recordName) {
        public Settings {
            if (rows < 1) {
                throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
            }
            AvroNames.namespace(Objects.requireNonNull(namespace, "namespace"));
        }
    }

    /**
     * The schema and what it was made from.
     *
     * @param rowsSampled   well-formed data rows the types come from
     * @param malformedRows rows read but left out
     * @param wholeSource   true when the sample took every row of the source (no row was left unread)
     * @param renamed       the columns whose field has another name: not an Avro name, or a name seen before
     */
    public record Result(ObjectNode schema, long rowsSampled, long malformedRows, int inputsRead, boolean wholeSource,
                         List<Renamed> renamed) {
        public String pretty() {
            try {
                return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(schema);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A column whose field got another name.
     *
     * @param column    1-based
     * @param duplicate true when an earlier column has the same header name
     */
    public record Renamed(int column, String header, String field, boolean duplicate) {
    }

    /** Thrown when the sample gives nothing to infer from: no columns, or every sampled row malformed. */
    public static final class NothingToInferException extends IOException {
        NothingToInferException(String message) {
            super(message);
        }
    }

    private final CsvDialect dialect;
    private final Settings settings;
    private final Consumer<String> warnings;

    /** @param warnings told about malformed rows and inputs left out, one line each (the CLI prints them on stderr) */
    public SchemaInference(CsvDialect dialect, Settings settings, Consumer<String> warnings) {
        this.dialect = dialect;
        this.settings = settings;
        this.warnings = warnings;
    }

    /** @param sourceUri names the record when {@link Settings#recordName()} is null */
    public Result infer(String sourceUri, List<? extends Input> inputs) throws IOException {
        List<String> header = null;
        List<ColumnGuess> columns = new ArrayList<>();
        long sampled = 0;
        long malformed = 0;
        int inputsRead = 0;
        boolean more = false;
        Row row = new Row();
        Fields fields = new Fields(dialect);
        for (Input input : inputs) {
            if (sampled + malformed >= settings.rows()) {
                more = true; // an input not read: whether it holds rows is not known, so the sample is not all
                break;
            }
            inputsRead++;
            String where = inputs.size() > 1 ? " of " + input.uri() : "";
            try (RowFramer framer = new RowFramer(input.open(), 0, dialect.header() ? 0 : 1, dialect, MAX_ROW_BYTES)) {
                if (dialect.header()) {
                    if (!framer.next(row)) {
                        continue; // an empty input: the run skips it too
                    }
                    if (row.error() != null) {
                        throw new NothingToInferException("the header row of " + input.uri() + " is malformed: "
                                + row.error() + "\nfix the file, or check --delimiter, --quote, --encoding and "
                                + "--lazy-quotes");
                    }
                    List<String> names = fields.split(row).values(dialect.charset());
                    if (header == null) {
                        header = names;
                        names.forEach(name -> columns.add(new ColumnGuess()));
                    } else if (!header.equals(names)) {
                        warnings.accept("sample ends before " + input.uri() + ": its header differs from the first"
                                + " input's");
                        inputsRead--;
                        more = true;
                        break;
                    }
                }
                while (sampled + malformed < settings.rows() && framer.next(row)) {
                    if (header == null) { // no header row: the first row sets the number of columns
                        header = new ArrayList<>();
                        for (int i = 1; i <= row.fieldCount(); i++) {
                            header.add("col_" + i);
                            columns.add(new ColumnGuess());
                        }
                    }
                    String problem = row.error() != null ? row.error()
                            : row.fieldCount() != header.size() ? "expected " + header.size() + " fields ("
                            + (dialect.header() ? "as in the header" : "as in the first row") + "), found "
                            + row.fieldCount() : null;
                    if (problem != null) {
                        if (malformed < REPORTED_MALFORMED) {
                            warnings.accept(String.format(Locale.ROOT, "malformed row %,d at byte offset %,d%s: %s"
                                    + " (left out of the sample)", row.number(), row.offset(), where, problem));
                        }
                        malformed++;
                        continue;
                    }
                    sampled++;
                    observe(fields.split(row), columns, row.number(), where);
                }
                more |= sampled + malformed >= settings.rows() && framer.next(row);
            }
            if (more) {
                break;
            }
        }
        if (malformed > REPORTED_MALFORMED) {
            warnings.accept(String.format(Locale.ROOT, "%,d more malformed rows not shown", malformed - REPORTED_MALFORMED));
        }
        if (header == null) {
            throw new NothingToInferException("no rows in " + sourceUri + ": nothing to infer a schema from");
        }
        if (sampled == 0 && malformed > 0) {
            throw new NothingToInferException(String.format(Locale.ROOT, "all %,d sampled rows are malformed"
                    + "\ncheck --delimiter, --quote, --encoding, --header and --lazy-quotes", malformed));
        }
        if (sampled == 0) {
            warnings.accept("no data rows, only a header: every column is a nullable string");
        }
        return new Result(schema(sourceUri, header, columns, sampled), sampled, malformed, inputsRead, !more,
                renamed(header));
    }

    private void observe(Fields fields, List<ColumnGuess> columns, long rowNumber, String where) {
        for (int i = 0; i < columns.size(); i++) {
            ColumnGuess column = columns.get(i);
            boolean quoted = fields.quoted(i);
            String value = fields.value(i, dialect.charset());
            if (!quoted && (value.isEmpty() || value.equals(settings.nullValue()))) {
                column.observeNull();
            } else {
                column.observe(value, quoted, () -> String.format(Locale.ROOT, "row %,d%s", rowNumber, where));
            }
        }
    }

    private ObjectNode schema(String sourceUri, List<String> header, List<ColumnGuess> columns, long sampled) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode record = json.objectNode();
        record.put("type", "record");
        record.put("name", settings.recordName() != null ? settings.recordName() : AvroNames.record(sourceUri));
        if (!settings.namespace().isEmpty()) {
            record.put("namespace", AvroNames.namespace(settings.namespace()));
        }
        record.put("doc", String.format(Locale.ROOT, "Inferred by csv-to-kafka infer-schema from the first %,d data "
                + "rows of %s", sampled, sourceUri));
        ArrayNode fieldsNode = record.putArray("fields");
        List<String> names = AvroNames.fields(header);
        for (int i = 0; i < header.size(); i++) {
            ColumnGuess column = columns.get(i);
            ObjectNode field = fieldsNode.addObject();
            field.put("name", names.get(i));
            JsonNode type = avroType(column.type());
            if (column.nullable()) {
                field.putArray("type").add("null").add(type);
                field.putNull("default");
            } else {
                field.set("type", type);
            }
            if (!names.get(i).equals(header.get(i))) {
                field.putArray("aliases").add(header.get(i));
            }
            field.put("doc", column.describe(sampled));
        }
        return record;
    }

    private static List<Renamed> renamed(List<String> header) {
        List<String> names = AvroNames.fields(header);
        List<Renamed> out = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!names.get(i).equals(header.get(i))) {
                out.add(new Renamed(i + 1, header.get(i), names.get(i), header.indexOf(header.get(i)) < i));
            }
        }
        return out;
    }

    private static JsonNode avroType(ColumnGuess.Type type) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        switch (type) {
            case BOOLEAN:
                return json.textNode("boolean");
            case LONG:
                return json.textNode("long");
            case DOUBLE:
                return json.textNode("double");
            case DATE:
                return json.objectNode().put("type", "int").put("logicalType", "date");
            case TIMESTAMP_MILLIS:
                return json.objectNode().put("type", "long").put("logicalType", "timestamp-millis");
            case TIMESTAMP_MICROS:
                return json.objectNode().put("type", "long").put("logicalType", "timestamp-micros");
            default:
                return json.textNode("string");
        }
    }
}
