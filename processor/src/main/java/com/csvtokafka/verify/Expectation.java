package com.csvtokafka.verify;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvColumns;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.JsonRowEncoder;
import com.csvtokafka.csv.Row;
import com.csvtokafka.transfer.RecordShape;
import com.csvtokafka.typed.BadField;
import com.csvtokafka.typed.ColumnView;
import com.csvtokafka.typed.Temporal;
import com.csvtokafka.typed.TypedOutput;
import com.csvtokafka.typed.TypedRows;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link TopicVerifier} expects of each row of an input: the record value the job wrote for it (or that the
 * row is bad and not in the topic), and whether a record holds it. Untyped records are compared byte for byte;
 * typed ones by value (see {@link TypedComparison}).
 */
abstract class Expectation {
    /** Binds to the input's header row (null without one). */
    abstract void header(List<String> header) throws IOException;

    /** The value expected for a well-formed row, or null when the row does not convert (a bad row). */
    abstract byte[] expected(Row row);

    /** Whether {@code actual} holds the row last given to {@link #expected}. */
    abstract boolean matches(byte[] expected, byte[] actual);

    /** Whether {@code actual} is the row in the other untyped format (for the hint when nothing matched). */
    abstract boolean otherFormat(Row row, byte[] actual);

    /** The records of an untyped job: the row as it is (csv) or as a JSON object of strings, columns as reshaped. */
    static Expectation untyped(CsvDialect dialect, boolean json, RecordShape shape) {
        return new Expectation() {
            private final Fields fields = new Fields(dialect);
            private final CsvColumns columns = new CsvColumns(dialect);
            private JsonRowEncoder encoder;
            private JsonRowEncoder asIs;
            private int[] select;

            @Override
            void header(List<String> header) throws IOException {
                asIs = new JsonRowEncoder(dialect, header);
                ColumnView view = view(header, shape);
                boolean identity = view == null || view.identity();
                encoder = identity ? asIs : new JsonRowEncoder(dialect, view.names(), view.selected());
                select = !identity && !shape.columns().isEmpty() ? view.selected() : null;
            }

            @Override
            byte[] expected(Row row) {
                return json ? encoder.encode(row) : select != null ? columns.raw(fields.split(row), select) : row.copyBytes();
            }

            @Override
            boolean matches(byte[] expected, byte[] actual) {
                return Arrays.equals(expected, actual);
            }

            @Override
            boolean otherFormat(Row row, byte[] actual) {
                return Arrays.equals(json ? row.copyBytes() : asIs.encode(row), actual);
            }
        };
    }

    /** The records of a typed job: each row converted with the job's schema, compared by value. */
    static Expectation typed(CsvDialect dialect, RecordShape shape, TypedComparison comparison) {
        return new Expectation() {
            private final Fields fields = new Fields(dialect);
            private TypedRows rows;

            @Override
            void header(List<String> header) throws IOException {
                try {
                    rows = TypedRows.bind(shape.schema(), view(header, shape), dialect.charset(), shape.nullValue(),
                            new Temporal(shape.timestampFormat()), comparison.avro() ? new TypedOutput(true, new byte[0],
                                    new byte[0]) : TypedOutput.JSON, List.of());
                } catch (ConfigurationException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }

            @Override
            byte[] expected(Row row) {
                try {
                    rows.convert(fields.split(row));
                } catch (BadField e) {
                    return null;
                }
                return rows.value();
            }

            @Override
            boolean matches(byte[] expected, byte[] actual) {
                return comparison.matches(rows, expected, actual);
            }

            @Override
            boolean otherFormat(Row row, byte[] actual) {
                return false;
            }
        };
    }

    private static ColumnView view(List<String> header, RecordShape shape) throws IOException {
        if (header == null) {
            return null;
        }
        try {
            return ColumnView.of(header, shape.renames(), shape.columns());
        } catch (ConfigurationException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
