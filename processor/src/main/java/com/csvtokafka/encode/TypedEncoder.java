package com.csvtokafka.encode;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.Fields;
import com.csvtokafka.csv.Row;
import com.csvtokafka.typed.BadField;
import com.csvtokafka.typed.TypedRows;

/**
 * The records of a job with {@code --schema}: each row's values converted to the schema's types (a value that does
 * not convert makes the row bad), then written in the family of the subclass. The converted values stay until the
 * next row, for the typed key and a {@code --timestamp} field.
 */
public abstract class TypedEncoder implements Encoder {
    private final Fields fields;
    final TypedRows rows;

    TypedEncoder(CsvDialect dialect, TypedRows rows) {
        this.fields = new Fields(dialect);
        this.rows = rows;
    }

    @Override
    public final byte[] value(Row row, Fields split) throws BadField {
        Fields f = split != null ? split : fields.split(row);
        rows.convert(f);
        return write(row, f);
    }

    /** The value of the converted row. */
    abstract byte[] write(Row row, Fields fields);

    @Override
    public final byte[] typedKey() {
        return rows.keyed() ? key() : null;
    }

    /** The key of the converted row: its key field's value, or a record of its key fields. */
    abstract byte[] key();

    /** The converted values of the row last encoded, for a {@code --timestamp} field. */
    public TypedRows rows() {
        return rows;
    }
}
