package com.csvtokafka.transfer;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.JsonRowEncoder;
import com.csvtokafka.csv.Row;
import com.csvtokafka.encode.AvroEncoder;
import com.csvtokafka.encode.CsvEncoder;
import com.csvtokafka.encode.Encoder;
import com.csvtokafka.encode.JsonEncoder;
import com.csvtokafka.encode.RegistryEncoder;
import com.csvtokafka.encode.TypedCsvEncoder;
import com.csvtokafka.encode.TypedEncoder;
import com.csvtokafka.encode.TypedJsonEncoder;
import com.csvtokafka.typed.ColumnView;
import com.csvtokafka.typed.SchemaRegistryClient;
import com.csvtokafka.typed.Temporal;
import com.csvtokafka.typed.TypedRows;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The one place a job's output format is chosen (docs/architecture.md, "Typed records"): from its {@code --format} and
 * record shape, the family of {@link Encoder} its records are written in — the row's bytes, JSON, typed JSON, Avro
 * single-object or the schema registry's wire format — bound to each input's header. {@code run} writes with it,
 * {@code verify} reads back with the same family.
 */
public record Encoders(JobConfig.Format format, RecordShape shape, CsvDialect dialect, List<String> keyColumns,
                       SchemaRegistryClient registry) {
    /**
     * @param keyColumns the key columns (--key column:A[,B]), empty for none
     * @param registry   where the writer's schema of a registry record is read back from; null when nothing is
     */
    public Encoders {
        keyColumns = List.copyOf(keyColumns);
    }

    /** The encoders of a job's records. */
    public static Encoders of(JobConfig config) {
        return new Encoders(config.format(), config.shape(), config.dialect(),
                config.key().kind() == JobConfig.KeyMode.Kind.COLUMN ? config.key().columns() : List.of(), null);
    }

    /**
     * Whether a value names the columns it holds (a JSON object's keys, the fields of a schema), so that a header
     * must name them apart; csv bytes keep every column as it is.
     */
    static boolean namesColumns(JobConfig.Format format) {
        return format != JobConfig.Format.CSV;
    }

    /** The encoder of the rows of an input with this header (null for a file without a header row). */
    public Encoder forHeader(List<String> header) throws ConfigurationException {
        ColumnView view = header == null ? null : ColumnView.of(header, shape.renames(), shape.columns());
        boolean asIs = view == null || view.identity();
        CsvEncoder csv = new CsvEncoder(dialect, asIs || shape.columns().isEmpty() ? null : view.selected());
        if (!shape.typed()) {
            return switch (format) {
                case CSV -> csv;
                case JSON -> new JsonEncoder(asIs ? new JsonRowEncoder(dialect, header)
                        : new JsonRowEncoder(dialect, view.names(), view.selected()));
                case AVRO -> throw new IllegalStateException("--format avro without --schema is refused with the settings");
            };
        }
        TypedRows rows = TypedRows.bind(shape.schema(), view, dialect.charset(), shape.nullValue(),
                new Temporal(shape.timestampFormat()), keyColumns);
        return switch (format) {
            case CSV -> new TypedCsvEncoder(dialect, rows, csv);
            case JSON -> new TypedJsonEncoder(dialect, rows);
            case AVRO -> shape.registry() == null ? new AvroEncoder(dialect, rows, shape.schema(), shape.output())
                    : new RegistryEncoder(dialect, rows, shape.schema(), shape.output(), registry);
        };
    }

    /**
     * For {@code verify}'s hint when no record matched: the untyped format a topic of this one is mistaken for
     * (json for csv, csv for json, the columns as they are); null for typed records.
     */
    public Encoders otherFormat() {
        if (shape.typed() || format == JobConfig.Format.AVRO) {
            return null;
        }
        return new Encoders(format == JobConfig.Format.JSON ? JobConfig.Format.CSV : JobConfig.Format.JSON,
                RecordShape.NONE, dialect, List.of(), null);
    }

    /**
     * The key of each row from its key columns, for an input with this header bound to {@code encoder}: a typed
     * key as the encoder wrote it for the row it encoded last, else the columns' values ({@link RowKey}).
     */
    public Function<Row, byte[]> columnKey(List<String> header, Encoder encoder) throws ConfigurationException {
        if (encoder instanceof TypedEncoder typed) {
            return row -> typed.typedKey();
        }
        ColumnView view = header == null ? null : ColumnView.of(header, shape.renames(), shape.columns());
        RowKey key = new RowKey(view == null ? keyColumns : view.renamed(keyColumns), dialect,
                view == null ? null : view.header());
        return key::of;
    }

    /** The format's name as --format spells it. */
    public String formatName() {
        return format.name().toLowerCase(Locale.ROOT);
    }
}
