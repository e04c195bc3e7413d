package com.csvtokafka.typed;

import com.csvtokafka.source.S3Settings;
import com.csvtokafka.source.Source;
import com.csvtokafka.source.SourceInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;

/**
 * The Avro record schema of {@code --schema}: its fields name the CSV columns (a field's name or one of its
 * aliases is a column of the header). Checked when loaded: a top-level record whose every field has a type a CSV
 * value converts to (see {@link ValueType}), so a job with an unusable schema stops before it starts.
 */
public final class TypedSchema {
    private final Schema schema;

    private TypedSchema(Schema schema) {
        this.schema = schema;
    }

    /** Parses schema text; an IllegalArgumentException (exit 2) says what is wrong with it. */
    public static TypedSchema parse(String json, String where) {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(json);
        } catch (SchemaParseException | NullPointerException e) {
            throw new IllegalArgumentException("--schema " + where + " is not a valid Avro schema: " + e.getMessage());
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("--schema " + where + " must be an Avro record (its fields name the "
                    + "CSV columns), not " + schema.getType().getName());
        }
        for (Schema.Field f : schema.getFields()) {
            TypedField.typeOf(f, Temporal.ISO); // refuses what a CSV value cannot convert to
        }
        return new TypedSchema(schema);
    }

    /** Reads the schema from a local path, file:// or s3:// URI. */
    public static TypedSchema load(String uri, S3Settings s3) throws IOException {
        try (Source source = Source.of(uri, s3)) {
            SourceInfo info = source.describe();
            try (InputStream in = source.open(info, 0)) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), uri);
            }
        }
    }

    public Schema avro() {
        return schema;
    }

    /** What identifies the schema in a job's spec: its full name and a digest of all of it (defaults, logical types). */
    public String identity() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(schema.toString().getBytes(StandardCharsets.UTF_8));
            return schema.getFullName() + " sha256:" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Avro's 64-bit fingerprint of the schema's parsing canonical form, as the single-object encoding carries it. */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** The field a column name means: its name, or one of its aliases; null when none. */
    Schema.Field field(String name) {
        for (Schema.Field f : schema.getFields()) {
            if (f.name().equals(name) || f.aliases().contains(name)) {
                return f;
            }
        }
        return null;
    }

    /**
     * The schema of a typed key of {@code columns}: the field's own schema for one, a record {@code <Name>Key} of the
     * fields for several.
     */
    public Schema keySchema(List<String> columns) {
        List<Schema.Field> fields = new ArrayList<>();
        for (String c : columns) {
            Schema.Field f = field(c);
            if (f == null) {
                throw new IllegalArgumentException("--key column:" + String.join(",", columns) + " with --schema: "
                        + c + " is not a field of " + schema.getFullName() + " (a typed key is a field's value)");
            }
            fields.add(f);
        }
        if (fields.size() == 1) {
            return fields.get(0).schema();
        }
        List<Schema.Field> copies = new ArrayList<>();
        for (Schema.Field f : fields) {
            copies.add(new Schema.Field(f, f.schema()));
        }
        return Schema.createRecord(schema.getName() + "Key", "the record key: " + String.join(", ", columns),
                schema.getNamespace(), false, copies);
    }
}
