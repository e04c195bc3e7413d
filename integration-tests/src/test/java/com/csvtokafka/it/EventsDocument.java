package com.csvtokafka.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real run's {@code --events} lines held to docs/events.md: each line's event is documented, with exactly the
 * fields it carries, and its positions hold only documented fields. (The processor's EventsDocumentTest checks every
 * event and the fields' types; this checks what a real run writes.)
 */
final class EventsDocument {
    private static final Pattern FIELD = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|");

    private EventsDocument() {
    }

    /** What is wrong with the lines of {@code events}, one entry a problem; empty when they are as documented. */
    static List<String> problems(Events events) {
        Map<String, Set<String>> sections = sections();
        List<String> problems = new ArrayList<>();
        for (JsonNode line : events.all()) {
            Set<String> documented = sections.get(line.path("event").asText());
            if (documented == null) {
                problems.add("not in docs/events.md: " + line);
                continue;
            }
            Set<String> expected = new TreeSet<>(sections.get("Every line"));
            expected.addAll(documented);
            if (!fieldsOf(line).equals(expected)) {
                problems.add("fields " + fieldsOf(line) + ", docs/events.md: " + expected + ": " + line);
            }
            line.forEach(value -> {
                if (value.isObject() && !sections.get("Position").containsAll(fieldsOf(value))) {
                    problems.add("a position with fields not in docs/events.md: " + line);
                }
            });
        }
        return problems;
    }

    private static Set<String> fieldsOf(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Each section's heading (an event's name without its backticks) → the fields its table lists. */
    private static Map<String, Set<String>> sections() {
        String text;
        try {
            text = Files.readString(Path.of("..", "docs", "events.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Set<String>> sections = new HashMap<>();
        for (String section : text.split("\n(?=#{2,3} )")) {
            String heading = section.substring(0, section.indexOf('\n')).replaceAll("^#+ |`", "");
            Set<String> fields = new TreeSet<>();
            Matcher field = FIELD.matcher(section);
            while (field.find()) {
                fields.add(field.group(1));
            }
            sections.put(heading, fields);
        }
        return sections;
    }
}
