package com.csvtokafka.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run's {@code --events} JSON Lines, as tests read them: what the processor did is asserted on its events and
 * exit code, never on its log text.
 */
public final class Events {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> all;

    private Events(List<JsonNode> all) {
        this.all = all;
    }

    /** The events written to {@code file} so far (a line still being written is left out). */
    public static Events read(Path file) {
        List<JsonNode> events = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return new Events(events);
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        events.add(JSON.readTree(line));
                    } catch (IOException partial) {
                        // the last line, half written
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Events(events);
    }

    public List<JsonNode> all() {
        return all;
    }

    public List<JsonNode> named(String event) {
        return all.stream().filter(e -> e.path("event").asText().equals(event)).toList();
    }

    public boolean has(String event) {
        return !named(event).isEmpty();
    }

    public Optional<JsonNode> first(String event) {
        return named(event).stream().findFirst();
    }

    public Optional<JsonNode> last(String event) {
        List<JsonNode> n = named(event);
        return n.isEmpty() ? Optional.empty() : Optional.of(n.get(n.size() - 1));
    }

    /** The first {@code resumed} event's position, as JSON: {@code {input, offset, row, sent, skipped}}. */
    public Optional<JsonNode> resumedAt() {
        return first("resumed").map(e -> e.path("at"));
    }

    /** True when the run resumed from an anchor Kafka held (not a start at the beginning). */
    public boolean resumedFromKafka() {
        return first("resumed").map(e -> e.path("from_kafka").asBoolean()).orElse(false);
    }

    /** The {@code failed} event's message, or "" when the run did not fail. */
    public String failure() {
        return first("failed").map(e -> e.path("message").asText()).orElse("");
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        all.forEach(e -> out.append(e).append('\n'));
        return out.toString();
    }
}
