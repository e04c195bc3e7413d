package com.csvtokafka.typed;

import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.Fields;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The typed records of one file (its header bound to the schema): a row's fields converted to the schema's
 * values ({@link #convert}), then written as the record's value and key, Avro or typed JSON (the encoders of
 * {@code com.csvtokafka.encode} choose which). One per reading
 * thread: the values, the output buffer, the Avro encoder and the JSON generator are reused from row to row.
 * Output fields follow the schema's order; columns the schema does not name are dropped.
 */
public final class TypedRows {
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private final TypedSchema schema;
    private final TypedField[] fields;
    private final Object[] values;
    private final Charset charset;
    private final String nullValue;
    private final int[] keyFields;
    private final Buffer buffer = new Buffer();
    private final BinaryEncoder avro;
    private final JsonGenerator json;
    private final SerializedString[] names;

    private TypedRows(TypedSchema schema, TypedField[] fields, Charset charset, String nullValue, int[] keyFields) {
        this.schema = schema;
        this.fields = fields;
        this.values = new Object[fields.length];
        this.charset = charset;
        this.nullValue = nullValue;
        this.keyFields = keyFields;
        this.avro = EncoderFactory.get().directBinaryEncoder(buffer, null);
        this.names = new SerializedString[fields.length];
        for (int i = 0; i < fields.length; i++) {
            names[i] = new SerializedString(fields[i].name);
        }
        try {
            this.json = JSON.createGenerator(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.setRootValueSeparator(null);
    }

    /**
     * Binds the schema to the file's columns.
     *
     * @param keyColumns the columns of a typed key ({@code --key column:A[,B]}), empty for none
     * @throws ConfigurationException a field with no column that is neither nullable nor has a default
     */
    public static TypedRows bind(TypedSchema schema, ColumnView view, Charset charset, String nullValue,
                                 Temporal temporal, List<String> keyColumns)
            throws ConfigurationException {
        List<String> names = view.names();
        int[] selected = view.selected();
        List<Schema.Field> all = schema.avro().getFields();
        TypedField[] fields = new TypedField[all.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            Schema.Field f = all.get(i);
            int j = names.indexOf(f.name());
            for (int a = 0; j < 0 && a < f.aliases().size(); a++) {
                j = names.indexOf(List.copyOf(f.aliases()).get(a));
            }
            if (j < 0 && !TypedField.mayBeMissing(f)) {
                missing.add(f.name() + (f.aliases().isEmpty() ? "" : " (aliases " + f.aliases() + ")"));
            }
            String column = j < 0 ? f.name() : names.get(j).equals(f.name()) ? f.name()
                    : names.get(j) + " (field " + f.name() + ")";
            fields[i] = new TypedField(f, column, j < 0 ? -1 : selected[j], temporal);
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("--schema " + schema.avro().getFullName() + ": no column for the field(s) "
                    + String.join(", ", missing) + " in the header " + names + "; such a field must be nullable "
                    + "([\"null\", T]) or have a default, or a column must be named (or --rename'd) after it");
        }
        int[] keyFields = new int[keyColumns.size()];
        for (int k = 0; k < keyFields.length; k++) {
            Schema.Field f = schema.field(keyColumns.get(k));
            if (f == null) {
                throw new ConfigurationException("--key column:" + String.join(",", keyColumns) + " with --schema: "
                        + keyColumns.get(k) + " is not a field of " + schema.avro().getFullName());
            }
            keyFields[k] = f.pos();
        }
        return new TypedRows(schema, fields, charset, nullValue, keyFields);
    }

    /** Converts a well-formed row's fields; the values are kept until the next call. */
    public void convert(Fields row) throws BadField {
        for (int i = 0; i < fields.length; i++) {
            TypedField f = fields[i];
            int c = f.index;
            if (c < 0) {
                values[i] = f.missing;
            } else if (row.emptyUnquoted(c)) {
                if (f.nullable) {
                    values[i] = null;
                } else if (f.type.emptyIsValue()) {
                    values[i] = f.type.kind == ValueType.Kind.STRING ? "" : new byte[0];
                } else {
                    throw new BadField(f.column, "", "empty, and the field is not nullable (" + f.type.describe() + ")");
                }
            } else {
                String text = row.string(c, charset);
                if (nullValue != null && !row.quoted(c) && nullValue.equals(text)) {
                    if (!f.nullable) {
                        throw new BadField(f.column, text, "the --null-value marker, and the field is not nullable");
                    }
                    values[i] = null;
                } else {
                    try {
                        values[i] = f.type.parse(text);
                    } catch (BadValue e) {
                        String type = f.type.describe();
                        throw new BadField(f.column, text, e.getMessage().contains(type) ? e.getMessage()
                                : e.getMessage() + " (" + type + ")");
                    }
                }
            }
        }
    }

    /** The converted row as an Avro datum after {@code prefix}. */
    public byte[] avro(byte[] prefix) {
        return avro(prefix, null);
    }

    /** The converted row as a typed JSON object. */
    public byte[] json() {
        return json(null, true);
    }

    /** Whether the rows have a typed key ({@code --key column:A[,B]}). */
    public boolean keyed() {
        return keyFields.length > 0;
    }

    /** The typed key of the converted row as an Avro datum after {@code prefix}: a field's value, or a record of several. */
    public byte[] avroKey(byte[] prefix) {
        return avro(prefix, keyFields);
    }

    /** The typed key of the converted row as typed JSON: a field's value, or an object of several. */
    public byte[] jsonKey() {
        return json(keyFields, keyFields.length > 1);
    }

    private byte[] avro(byte[] prefix, int[] only) {
        buffer.reset();
        try {
            buffer.write(prefix);
            int n = only == null ? fields.length : only.length;
            for (int k = 0; k < n; k++) {
                int i = only == null ? k : only[k];
                TypedField f = fields[i];
                Object v = values[i];
                if (f.nullable) {
                    avro.writeIndex(v == null ? f.nullBranch : f.valueBranch);
                }
                if (v != null) {
                    f.type.writeAvro(v, avro);
                }
            }
            avro.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return buffer.toByteArray();
    }

    private byte[] json(int[] only, boolean object) {
        buffer.reset();
        try {
            if (object) {
                json.writeStartObject();
            }
            int n = only == null ? fields.length : only.length;
            for (int k = 0; k < n; k++) {
                int i = only == null ? k : only[k];
                if (object) {
                    json.writeFieldName(names[i]);
                }
                if (values[i] == null) {
                    json.writeNull();
                } else {
                    fields[i].type.writeJson(values[i], json);
                }
            }
            if (object) {
                json.writeEndObject();
            }
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** The converted row as Avro's generic record (strings, ByteBuffers, EnumSymbols, ...), for comparisons. */
    public GenericRecord generic() {
        GenericData.Record record = new GenericData.Record(schema.avro());
        for (int i = 0; i < fields.length; i++) {
            record.put(i, values[i] == null ? null : fields[i].type.generic(values[i]));
        }
        return record;
    }

    /** The field bound to column {@code name} when it is a date or timestamp; -1 otherwise. */
    public int temporalField(String name) {
        for (int i = 0; i < fields.length; i++) {
            TypedField f = fields[i];
            boolean named = f.name.equals(name) || f.column.equals(name) || f.column.startsWith(name + " (field ");
            if (named && f.type.temporalInstant()) {
                return i;
            }
        }
        return -1;
    }

    /** The converted row's value of field {@code i} (see {@link #temporalField}) in epoch milliseconds. */
    public long epochMillis(int i) throws BadField {
        if (values[i] == null) {
            throw new BadField(fields[i].column, null, "no value for the record timestamp (--timestamp)");
        }
        return fields[i].type.epochMillis(values[i]);
    }

    /** The values of the last row converted, in the schema's order (for tests). */
    List<Object> values() {
        return Arrays.asList(values.clone());
    }

    /** A ByteArrayOutputStream whose buffer is reused. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(512);
        }
    }
}
