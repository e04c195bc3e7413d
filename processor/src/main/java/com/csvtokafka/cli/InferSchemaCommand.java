package com.csvtokafka.cli;

import com.csvtokafka.compress.DecodedInput;
import com.csvtokafka.compress.Seek;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.source.InputSniffer;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;
import com.csvtokafka.source.SourceUnusableException;
import com.csvtokafka.typed.SchemaInference;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "infer-schema", mixinStandardHelpOptions = true, sortOptions = false, requiredOptionMarker = '*',
        description = {"Prints an Avro schema (.avsc) for a CSV source, to edit and pass to run --schema.",
                "The schema goes to stdout, warnings and a summary to stderr. Options marked * are required.",
                "",
                "Reads the header and the first N data rows (of the first file of a prefix, and of the next files while",
                "there are fewer than N) and gives each column the narrowest type all its values fit, in this order:",
                "  boolean    true/false, any case",
                "  long       42, -7 (no leading zeros: 007 is a code, kept as text)",
                "  double     3.14, 1e5, NaN, Infinity; integers beyond 64 bits too (with a double's precision)",
                "  date       2024-02-29 (ISO-8601)                              -> int, logicalType date",
                "  timestamp  2024-02-29T13:45:30Z, ...30.123+05:30, 2024-02-29 13:45:30 (no zone: UTC)",
                "             -> long, timestamp-millis (timestamp-micros when digits past the millisecond occur)",
                "  string     anything else",
                "A column with an empty unquoted value (or the --null-value text) is [\"null\", type] with default null;",
                "a column empty in every sampled row is a nullable string. \"\" is an empty string, not null.",
                "Names become Avro names ([A-Za-z_][A-Za-z0-9_]*, unique; the header's spelling kept in \"aliases\");",
                "each field's doc says what was seen. Malformed rows are reported on stderr and left out.",
                "",
                "Examples:",
                "  csv-to-kafka infer-schema --source orders.csv > orders.avsc",
                "  csv-to-kafka infer-schema --source s3://exports/orders/2026-11/ --rows 100000 \\",
                "      --namespace com.example.orders --null-value NULL > orders.avsc",
                "  csv-to-kafka run --source orders.csv --schema orders.avsc --format avro ...", ""},
        footer = {"", "Exit codes: 0 schema printed · 1 the source could not be read, or every sampled row is malformed"
                + " · 2 usage or configuration error."})
final class InferSchemaCommand implements Callable<Integer> {

    @Mixin SourceOptions source;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "${env:INFER_ROWS:-10000}",
            description = "data rows to sample (env INFER_ROWS; default ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--null-value", paramLabel = "TEXT", defaultValue = "${env:NULL_VALUE}",
            description = "an unquoted field of exactly this text is missing too, e.g. NULL or \\N (env NULL_VALUE)")
    String nullValue;

    @Option(names = "--namespace", paramLabel = "NAME", defaultValue = "${env:SCHEMA_NAMESPACE:-csvtokafka}",
            description = "the record's Avro namespace, e.g. com.example.orders; empty for none (env SCHEMA_NAMESPACE;"
                    + " default ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--record-name", paramLabel = "NAME", defaultValue = "${env:SCHEMA_RECORD_NAME}",
            description = "the record's name (env SCHEMA_RECORD_NAME); default: from the file or prefix name, "
                    + "e.g. orders_2026 for orders-2026.csv.gz")
    String recordName;

    @Mixin DialectOptions csv;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Options.blank(recordName) && !recordName.trim().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("--record-name '" + recordName + "' is not an Avro name"
                    + " ([A-Za-z_][A-Za-z0-9_]*)");
        }
        SchemaInference.Settings settings = new SchemaInference.Settings(rows,
                nullValue == null || nullValue.isEmpty() ? null : nullValue,
                namespace == null ? "" : namespace.trim(), Options.blank(recordName) ? null : recordName.trim());
        PrintWriter err = spec.commandLine().getErr();
        String uri = source.requireSource();
        SchemaInference.Result result;
        try (Source src = source.open()) {
            csv.check(src);
            csv.found().ifPresent(line -> {
                err.println(line);
                err.flush();
            });
            SchemaInference inference = new SchemaInference(csv.dialect(), settings, line -> {
                err.println("warning: " + line);
                err.flush();
            });
            List<SchemaInference.Input> inputs = new ArrayList<>();
            for (SourceInfo input : src.pin().inputs()) {
                inputs.add(new SchemaInference.Input() {
                    @Override
                    public String uri() {
                        return input.uri();
                    }

                    @Override
                    public InputStream open() throws IOException {
                        DecodedInput decoded = DecodedInput.open(offset -> src.open(input, offset), csv.compression(),
                                Seek.START, 0, false);
                        return InputSniffer.checked(decoded, input.uri());
                    }
                });
            }
            result = inference.infer(uri, inputs);
        } catch (SourceUnusableException e) {
            // not CSV, or compressed otherwise than --compression says: nothing to retry, the input must change
            throw new ConfigurationException(e.getMessage());
        }
        String text = result.pretty();
        try {
            new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new IllegalStateException("the inferred schema does not parse as Avro (a defect; please report it"
                    + " with the header row): " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
        err.printf(Locale.ROOT, "inferred %d fields from %,d rows of %s%s: %s%s%n", result.schema().get("fields").size(),
                result.rowsSampled(), uri, result.inputsRead() > 1 ? " (" + result.inputsRead() + " files)" : "",
                result.wholeSource() ? "every row of the source" : String.format(Locale.ROOT, "the first %,d rows read "
                        + "(--rows), and the source goes on; a value further on that does not fit is a bad row of the "
                        + "run (a larger --rows samples more)", result.rowsSampled() + result.malformedRows()),
                result.malformedRows() == 0 ? "" : String.format(Locale.ROOT, "; %,d malformed %s left out",
                        result.malformedRows(), result.malformedRows() == 1 ? "row" : "rows"));
        if (!result.renamed().isEmpty()) {
            err.println("columns whose field has another name (the header's spelling is kept in \"aliases\"):");
            for (SchemaInference.Renamed r : result.renamed()) {
                err.printf(Locale.ROOT, "  column %d '%s' -> %s (%s)%n", r.column(), r.header(), r.field(),
                        r.duplicate() ? "the name of an earlier column" : "not an Avro name");
            }
        }
        err.flush();
        return Main.OK;
    }
}
