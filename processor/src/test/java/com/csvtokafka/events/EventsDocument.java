package com.csvtokafka.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/events.md read as data: the tables of its sections (field → type), and the problems of an event line against
 * them — an unknown event, a field missing or not documented, a value not of its documented type.
 */
final class EventsDocument {
    private static final Pattern HEADING = Pattern.compile("^#{2,3} (.+)$");
    private static final Pattern FIELD = Pattern.compile("^\\| `([a-z_]+)` \\| ([^|]+) \\|");
    private static final Pattern EVENT = Pattern.compile("`([a-z_]+)`");
    private static final String OPTIONAL = ", optional";

    /** Section heading → its table's fields and their types, in document order. */
    private final Map<String, Map<String, String>> tables;
    final String text;

    private EventsDocument(String text, Map<String, Map<String, String>> tables) {
        this.text = text;
        this.tables = tables;
    }

    static EventsDocument read() throws IOException {
        String text = Files.readString(Path.of("..", "docs", "events.md"));
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        Map<String, String> table = null;
        for (String line : text.split("\n")) {
            Matcher heading = HEADING.matcher(line);
            Matcher field = FIELD.matcher(line);
            if (heading.matches()) {
                table = tables.computeIfAbsent(heading.group(1), h -> new LinkedHashMap<>());
            } else if (field.find() && table != null) {
                table.put(field.group(1), field.group(2).strip());
            }
        }
        return new EventsDocument(text, tables);
    }

    /** The documented events' names (the sections headed by a name in backticks). */
    List<String> events() {
        List<String> names = new ArrayList<>();
        for (String heading : tables.keySet()) {
            Matcher event = EVENT.matcher(heading);
            if (event.matches()) {
                names.add(event.group(1));
            }
        }
        return names;
    }

    /** A documented event's fields and their types. */
    Map<String, String> fields(String event) {
        return tables.getOrDefault("`" + event + "`", Map.of());
    }

    /** What is wrong with {@code line}, an event as {@code --events} writes it; empty when it is as documented. */
    List<String> problems(JsonNode line) {
        String event = line.path("event").asText();
        if (!events().contains(event)) {
            return List.of("event '" + event + "' is not in docs/events.md");
        }
        Map<String, String> documented = new LinkedHashMap<>(tables.get("Every line"));
        documented.putAll(fields(event));
        List<String> problems = new ArrayList<>();
        check(event, line, documented, problems);
        return problems;
    }

    private void check(String where, JsonNode object, Map<String, String> documented, List<String> problems) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!documented.containsKey(name)) {
                problems.add(where + ": field '" + name + "' is not in docs/events.md");
            }
        }
        documented.forEach((name, type) -> {
            JsonNode value = object.get(name);
            if (value == null) {
                if (!type.endsWith(OPTIONAL)) {
                    problems.add(where + ": documented field '" + name + "' is missing");
                }
            } else if (!isA(value, type.replace(OPTIONAL, ""), where + "." + name, problems)) {
                problems.add(where + ": field '" + name + "' is " + value + ", not " + type);
            }
        });
    }

    private boolean isA(JsonNode value, String type, String where, List<String> problems) {
        if (type.endsWith(" or null") && value.isNull()) {
            return true;
        }
        switch (type.replace(" or null", "")) {
            case "string":
                return value.isTextual();
            case "integer":
                return value.isIntegralNumber();
            case "number":
                return value.isNumber();
            case "boolean":
                return value.isBoolean();
            case "position":
                check(where, value, tables.get("Position"), problems);
                return value.isObject();
            case "array of row":
                value.forEach(row -> check(where + "[]", row, tables.get("Row"), problems));
                return value.isArray();
            default:
                problems.add(where + ": docs/events.md names an unknown type '" + type + "'");
                return true;
        }
    }
}
