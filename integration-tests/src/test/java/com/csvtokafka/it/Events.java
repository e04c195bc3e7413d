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
import java.util.stream.Collectors;

/**
 * A run's {@code --events} JSON Lines, as tests read them: what the processor did is asserted on its events and
 * exit code, never on its log text. Event names and fields: docs/events.md ({@link EventsDocument} holds a run's
 * lines to it); positions are objects {@code {input, offset, row, sent, skipped}} ({@code offset}/{@code row}: where
 * the next row starts).
 */
public final class Events {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> all;

    Events(List<JsonNode> all) {
        this.all = List.copyOf(all);
    }

    /** The events written to {@code file} so far (a line still being written is left out). */
    public static Events read(Path file) {
        List<JsonNode> events = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return new Events(events);
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            for (String line : text.substring(0, end + 1).split("\n")) {
                JsonNode event = parse(line);
                if (event != null) {
                    events.add(event);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Events(events);
    }

    /** One line of the stream; null for a blank line. */
    static JsonNode parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON event line: " + line, e);
        }
    }

    public List<JsonNode> all() {
        return all;
    }

    public List<JsonNode> named(String event) {
        return all.stream().filter(e -> e.path("event").asText().equals(event)).toList();
    }

    public boolean has(String event) {
        return all.stream().anyMatch(e -> e.path("event").asText().equals(event));
    }

    public int count(String event) {
        return named(event).size();
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

    /** True when the run's first attempt found nothing of the job in Kafka and started at the beginning. */
    public boolean startedAtTheBeginning() {
        return first("resumed").map(e -> !e.path("from_kafka").asBoolean()).orElse(false);
    }

    /** The {@code failed} event's message, or "" when the run did not fail. */
    public String failure() {
        return first("failed").map(e -> e.path("message").asText()).orElse("");
    }

    /** True when the run ended {@code completed} with every row sent by an earlier run (a no-op). */
    public boolean alreadyCompleted() {
        return last("completed").map(e -> e.path("already_done").asBoolean()).orElse(false);
    }

    /** True when this run itself sent the job to its end ({@code completed}, not {@code already_done}). */
    public boolean completedNow() {
        return last("completed").map(e -> !e.path("already_done").asBoolean()).orElse(false);
    }

    /** The {@code stopped} event's {@code committed}: the open transaction committed and checkpointed. */
    public Optional<Boolean> stoppedCommitted() {
        return first("stopped").map(e -> e.path("committed").asBoolean());
    }

    /** The rows of the {@code bad_row} events, in order. */
    public List<Long> badRows() {
        return named("bad_row").stream().map(e -> e.path("row").asLong()).toList();
    }

    /** The {@code action}s of the {@code bad_row} events, in order: skipped, dead-lettered or failed. */
    public List<String> badRowActions() {
        return named("bad_row").stream().map(e -> e.path("action").asText()).toList();
    }

    /** The byte offsets at which S3 reads were reopened ({@code source_reopened}), in order. */
    public List<Long> reopenedAt() {
        return named("source_reopened").stream().map(e -> e.path("offset").asLong()).toList();
    }

    /** One line per event of these names, for a test's own output ({@code  name {fields}}). */
    public String describe(String... names) {
        List<String> wanted = List.of(names);
        return all.stream().filter(e -> wanted.isEmpty() || wanted.contains(e.path("event").asText()))
                .map(Events::describe).collect(Collectors.joining("\n"));
    }

    /** {@code resumed {"at":{...},"from_kafka":true,...}}: the event without time, job and schema version. */
    public static String describe(JsonNode event) {
        JsonNode fields = event.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) fields).remove(List.of("time", "job", "event", "v"));
        return event.path("event").asText() + " " + fields;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        all.forEach(e -> out.append(e).append('\n'));
        return out.toString();
    }
}
