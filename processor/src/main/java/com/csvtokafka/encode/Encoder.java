package com.csvtokafka.encode;

import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.typed.BadField;

/**
 * A record value in one output format, for the rows of one input (bound to its header): the row's bytes as they are
 * ({@link CsvEncoder}), a JSON object of strings ({@link JsonEncoder}), or the row converted to the types of
 * {@code --schema} ({@link TypedEncoder}: typed JSON, Avro single-object, the schema registry's wire format, or the
 * row's bytes once its values converted). The same encoder writes a job's records and, in {@code verify}, says
 * what each row's record must hold: both sides of the record contract come from one family. One per reading thread.
 */
public interface Encoder {
    /**
     * The value of a well-formed row.
     *
     * @param fields the row's fields, split, or null when the caller has not split it (the encoder then splits the
     *               row itself if it needs them)
     * @throws BadField a value that does not convert to its field's type
     */
    byte[] value(Row row, Fields fields) throws BadField;

    /** The typed key of the row last given to {@link #value} (--schema with --key column:...); null when untyped. */
    default byte[] typedKey() {
        return null;
    }

    /**
     * Whether a record's value {@code actual} holds the row last given to {@link #value}, whose value was
     * {@code expected}: byte for byte, or for typed records value for value, read back the way it was written.
     */
    boolean holds(byte[] expected, byte[] actual);
}
