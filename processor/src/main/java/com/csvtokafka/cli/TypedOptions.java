package com.csvtokafka.cli;

import com.csvtokafka.source.S3Settings;
import com.csvtokafka.transfer.JobConfig;
import com.csvtokafka.transfer.RecordShape;
import com.csvtokafka.typed.SchemaRegistryClient;
import com.csvtokafka.typed.Temporal;
import com.csvtokafka.typed.TypedOutput;
import com.csvtokafka.typed.TypedSchema;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import picocli.CommandLine.Option;

/** Typed records and the simple transforms: what a record holds beyond the row as it is (README, "Typed records"). */
public final class TypedOptions {
    @Option(names = "--schema", paramLabel = "URI", defaultValue = "${env:SCHEMA_URI}",
            description = "an Avro record schema (.avsc; local path, file:// or s3://) whose fields name the columns "
                    + "(a field's name or alias is a header column): each value is converted to its field's type and a "
                    + "value that does not convert makes the row bad (--on-bad-row); columns not in the schema are "
                    + "dropped. With --format json: typed JSON; --format avro: Avro binary (env SCHEMA_URI)")
    String schema;

    @Option(names = "--schema-registry", paramLabel = "URL", defaultValue = "${env:SCHEMA_REGISTRY_URL}",
            description = "with --format avro: register the schema under <topic>-value (the key's under <topic>-key) "
                    + "in this Confluent-compatible registry and write records in its wire format (0, the 4-byte "
                    + "schema id, the datum) instead of Avro's single-object encoding (env SCHEMA_REGISTRY_URL)")
    String registry;

    @Option(names = "--schema-registry-user", paramLabel = "USER", defaultValue = "${env:SCHEMA_REGISTRY_USER}",
            description = "HTTP basic user of the registry (env SCHEMA_REGISTRY_USER)")
    String registryUser;

    @Option(names = "--schema-registry-password", paramLabel = "PASSWORD", defaultValue = "${env:SCHEMA_REGISTRY_PASSWORD}",
            description = "HTTP basic password of the registry (env SCHEMA_REGISTRY_PASSWORD; prefer the variable)")
    String registryPassword;

    @Option(names = "--null-value", paramLabel = "TEXT", defaultValue = "${env:NULL_VALUE}",
            description = "an unquoted field of exactly this text is null, e.g. NULL or \\N (a quoted \"NULL\" stays "
                    + "text). An empty unquoted field is null for a nullable field anyway; \"\" is the empty string "
                    + "(env NULL_VALUE)")
    String nullValue;

    @Option(names = "--timestamp-format", paramLabel = "PATTERN", defaultValue = "${env:TIMESTAMP_FORMAT}",
            description = "how timestamps are written in the CSV, as a java.time pattern such as "
                    + "'dd/MM/yyyy HH:mm:ss' (no zone in it: UTC); default ISO-8601: 2024-02-29T13:45:30.123+05:30, "
                    + "...Z, or no zone for UTC (env TIMESTAMP_FORMAT)")
    String timestampFormat;

    @Option(names = "--columns", paramLabel = "NAME", split = ",", defaultValue = "${env:COLUMNS}",
            description = "send only these columns, in this order (names after --rename) (env COLUMNS)")
    List<String> columns;

    @Option(names = "--rename", paramLabel = "OLD=NEW", split = ",", defaultValue = "${env:RENAME}",
            description = "rename a column (repeatable; env RENAME as OLD=NEW,OLD2=NEW2): the JSON name, and the name "
                    + "--schema, --columns, --key and --timestamp match")
    List<String> renames;

    @Option(names = "--timestamp", paramLabel = "column:NAME", defaultValue = "${env:RECORD_TIMESTAMP}",
            description = "the record's Kafka timestamp is this column's date or timestamp (ISO-8601 or "
                    + "--timestamp-format; a value that does not parse makes the row bad); default: the time of "
                    + "sending (env RECORD_TIMESTAMP)")
    String timestamp;

    /**
     * The records' shape; with a registry, the schemas are registered now (the value's under {@code <topic>-value},
     * a typed key's under {@code <topic>-key}).
     *
     * @param topic the topic the schemas are registered for; null to leave the registry alone (the Avro prefixes
     *              are then empty: for verify, which reads each record's own, and for checking the options)
     */
    RecordShape shape(JobConfig.Format format, S3Settings s3, String topic, List<String> keyColumns) throws IOException {
        if (!Options.blank(timestampFormat)) {
            Temporal.formatter(timestampFormat); // a bad pattern is a usage error before anything starts
        }
        TypedSchema typed = Options.blank(schema) ? null : TypedSchema.load(schema.trim(), s3);
        boolean registered = !Options.blank(registry);
        if (registered && (typed == null || format != JobConfig.Format.AVRO)) {
            throw new IllegalArgumentException("--schema-registry is for --format avro with --schema");
        }
        TypedOutput output = null;
        if (typed != null) {
            output = format == JobConfig.Format.AVRO ? avro(typed, topic, keyColumns) : TypedOutput.NONE;
        }
        String column = null;
        if (!Options.blank(timestamp)) {
            String t = timestamp.trim();
            if (!t.regionMatches(true, 0, "column:", 0, 7) || t.length() == 7) {
                throw new IllegalArgumentException("--timestamp must be column:NAME, got '" + timestamp + "'");
            }
            column = t.substring(7);
        }
        return new RecordShape(typed, output, registered ? registry.trim() : null, names(columns), renames(),
                column, Options.blank(nullValue) ? null : nullValue, Options.blank(timestampFormat) ? null : timestampFormat);
    }

    private TypedOutput avro(TypedSchema typed, String topic, List<String> keyColumns) throws IOException {
        Schema keySchema = keyColumns.isEmpty() ? null : typed.keySchema(keyColumns);
        if (Options.blank(registry)) {
            return new TypedOutput(TypedOutput.singleObject(typed.fingerprint()),
                    keySchema == null ? new byte[0] : TypedOutput.singleObject(
                            org.apache.avro.SchemaNormalization.parsingFingerprint64(keySchema)));
        }
        if (topic == null) {
            return TypedOutput.NONE;
        }
        SchemaRegistryClient client = client();
        int valueId = client.register(topic + "-value", typed.avro().toString());
        byte[] keyPrefix = keySchema == null ? new byte[0]
                : TypedOutput.confluent(client.register(topic + "-key", keySchema.toString()));
        return new TypedOutput(TypedOutput.confluent(valueId), keyPrefix);
    }

    /** The registry's client; null without --schema-registry. */
    SchemaRegistryClient client() {
        return Options.blank(registry) ? null : new SchemaRegistryClient(registry.trim(),
                Options.blank(registryUser) ? null : registryUser, Options.blank(registryPassword) ? null : registryPassword);
    }

    private static List<String> names(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private Map<String, String> renames() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String r : names(renames)) {
            int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw new IllegalArgumentException("--rename must be OLD=NEW, got '" + r + "'");
            }
            out.put(r.substring(0, eq).trim(), r.substring(eq + 1).trim());
        }
        return out;
    }
}
