package com.csvtokafka.transfer;

import com.csvtokafka.source.KafkaSourceUri;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a job moves, written down with its checkpoint: source, topic, partition, record format, key, header mode,
 * header columns, CSV dialect, the record shape (schema, registry use, columns, renames, timestamp column, null
 * marker, timestamp format), and for a Kafka source how its values are read (--source-format, --source-columns). A rerun of the job id with any of these changed would mix two transfers in one topic or
 * report a finished job for a transfer that never happened, so it is refused, naming what differs. (--on-bad-row is
 * not part of it: rerunning a failed job with skip or dlq:TOPIC is the way past a bad row.)
 *
 * <p>{@link #of} writes it and {@link #read} reads it back; everything else asks the typed readers. Stored as one
 * JSON object, {@code {"spec":2,"source":"s3://…","partition":0,"header":true,…}}: every setting by its flag's name
 * (without the dashes), numbers and booleans as such, a setting the job does not use as null. Settings are named,
 * so one an older spec did not record is simply absent, and not compared. Earlier releases stored
 * {@code --flag=value} lines (spec 1); {@link #read} reads those too, so a job they started resumes under this
 * release with the same checks.
 */
public final class JobSpec {
    /** How rows are read: a job that has handled no row yet may change these without a reset. */
    static final Set<String> READING = Set.of("--delimiter", "--quote", "--encoding", "--header");

    /** The layout {@link #text} writes: 1 was the flag lines of earlier releases. */
    static final int FORMAT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Settings written as JSON numbers and booleans; the others are strings. */
    private static final Set<String> NUMBERS = Set.of("--partition", "--lanes");
    private static final Set<String> BOOLEANS = Set.of("--header");

    /** Setting name (its flag) to value, in the order written; "" for a setting the job does not use. */
    private final Map<String, String> settings;

    private JobSpec(Map<String, String> settings) {
        this.settings = settings;
    }

    /** What {@code config} moves. */
    static JobSpec of(JobConfig config) {
        RecordShape shape = config.shape();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("--source", config.sourceUri());
        s.put("--include", config.include() == null ? "" : config.include());
        s.put("--topic", config.topic());
        s.put("--partition", Integer.toString(config.partition()));
        s.put("--format", config.format().name().toLowerCase(Locale.ROOT));
        s.put("--key", config.key().toString());
        s.put("--schema", shape.typed() ? shape.schema().identity() : "");
        s.put("--schema-registry", shape.registry() == null ? "" : shape.registry());
        s.put("--columns", String.join(",", shape.columns()));
        s.put("--rename", shape.renames().isEmpty() ? "" : new TreeMap<>(shape.renames()).toString());
        s.put("--timestamp", shape.timestampColumn() == null ? "" : "column:" + shape.timestampColumn());
        s.put("--null-value", shape.nullValue() == null ? "" : "'" + shape.nullValue() + "'");
        s.put("--timestamp-format", shape.timestampFormat() == null ? "" : shape.timestampFormat());
        s.put("--headers", config.headers().name().toLowerCase(Locale.ROOT));
        s.put("--header-column", shape.headerColumns().stream().map(HeaderColumn::toString)
                .collect(Collectors.joining(",")));
        s.put("--header", Boolean.toString(config.dialect().header()));
        s.put("--delimiter", Character.toString((char) config.dialect().delimiter()));
        s.put("--quote", Character.toString((char) config.dialect().quote()));
        s.put("--encoding", config.dialect().charset().name());
        s.put("--partitions", config.partitions() == null ? "" : config.partitions().toString());
        s.put("--lanes", config.keyed() ? Integer.toString(config.lanes()) : "");
        s.put("--shard", config.shard() == null ? "" : config.shard().toString());
        if (KafkaSourceUri.isKafka(config.sourceUri())) { // file jobs' specs stay as earlier releases wrote them
            s.put("--source-format", config.sourceValues().toString());
            s.put("--source-columns", String.join(",", config.sourceValues().columns()));
        }
        return new JobSpec(s);
    }

    /** A spec as a checkpoint stores it, written by this release (JSON) or an earlier one (flag lines). */
    public static JobSpec read(String text) {
        if (text.stripLeading().startsWith("{")) {
            return readJson(text);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                settings.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
            }
        }
        return new JobSpec(settings);
    }

    private static JobSpec readJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored job spec is not valid JSON: " + e.getOriginalMessage(), e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        root.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("spec")) {
                JsonNode v = field.getValue();
                settings.put("--" + field.getKey(), v.isNull() ? "" : v.asText());
            }
        });
        return new JobSpec(settings);
    }

    /** The spec as the checkpoint stores it: one JSON object. */
    public String text() {
        ObjectNode out = JSON.createObjectNode();
        out.put("spec", FORMAT);
        settings.forEach((flag, value) -> {
            String name = flag.substring(2);
            if (value.isEmpty()) {
                out.putNull(name);
            } else if (NUMBERS.contains(flag)) {
                out.put(name, Long.parseLong(value));
            } else if (BOOLEANS.contains(flag)) {
                out.put(name, Boolean.parseBoolean(value));
            } else {
                out.put(name, value);
            }
        });
        return out.toString();
    }

    /** The job's --source URI. */
    public String source() {
        return settings.getOrDefault("--source", "");
    }

    /** The lane count a keyed job ran with; empty for other jobs. */
    OptionalInt lanes() {
        String lanes = settings.getOrDefault("--lanes", "");
        return lanes.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(lanes));
    }

    /** A keyed job's partitions, lanes and key; empty for a job of one partition, and for a shard. */
    public Optional<Keyed> keyed() {
        String partitions = settings.getOrDefault("--partitions", "");
        if (partitions.isEmpty() || !settings.getOrDefault("--shard", "").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Keyed(PartitionList.parse(partitions), lanes().orElseThrow(), settings.get("--key")));
    }

    /** A keyed job as its spec records it: its partitions, lane count and key (as given). */
    public record Keyed(PartitionList partitions, int lanes, String key) {
    }

    /**
     * What differs from {@code now}, as {@code --topic was a, now b}, not comparing the settings in {@code ignored};
     * settings this (older) spec does not have are not compared.
     */
    List<String> differences(JobSpec now, Set<String> ignored) {
        List<String> out = new ArrayList<>();
        settings.forEach((name, was) -> {
            String is = now.settings.get(name);
            if (is != null && !is.equals(was) && !ignored.contains(name)) {
                out.add(name + " was " + show(was) + ", now " + show(is));
            }
        });
        return out;
    }

    /** A value as a reader sees it: a delimiter or quote character in quotes ({@code ','}), a tab named. */
    private static String show(String value) {
        if (value.isEmpty()) {
            return "(none)";
        }
        if (value.equals("\t")) {
            return "tab";
        }
        return value.length() == 1 && !Character.isLetterOrDigit(value.charAt(0)) ? "'" + value + "'" : value;
    }

    /** A value of a flag line (spec 1): backslash, newline and carriage return were escaped. */
    private static String unescape(String v) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                out.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
