package com.csvtokafka.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.position.Position;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code --events} lines are what docs/events.md says: every event the code has is documented with exactly the
 * fields it writes, of the documented types, and the document names nothing the code does not write.
 */
class EventsDocumentTest {
    private static final Position PLAIN = Position.plain(1, 5_000, 1_001, 998, 2);
    /** Inside a gzip file: its position carries where decoding restarts. */
    private static final Position COMPRESSED = new Position(0, 9_000, 70, 69, 0, new Position.Seek(4_096, 8_192));

    private record Row(int input, long offset) implements JobEvent.Row {
    }

    /** One of every event, with every nullable field set, so each value's type is checked. */
    private static final List<JobEvent> EXAMPLES = List.of(
            new JobEvent.LeaseWait("runner-2 until 2026-12-06T23:15:00Z"),
            new JobEvent.InputsPinned("s3://b/orders/", 3, 30_000, true, 0),
            new JobEvent.Started("s3://b/orders/", 30_000, "set=ab12;files=3", "DynamoDB table jobs", 4, "orders", 0),
            new JobEvent.OnePartition("orders", 0, 6, "none"),
            new JobEvent.Resumed(COMPRESSED, true, 69, 1_234, PLAIN),
            new JobEvent.InputOpened(0, 3, "s3://b/orders/a.csv.gz", 10_000, "gzip", 9_000, 4_096, 808, 3),
            new JobEvent.EmptyInput("s3://b/orders/b.csv"),
            new JobEvent.Committed(PLAIN, 1_000, 50_000, 2_000_000, 1_235),
            new JobEvent.Progress(1_001, 5_000, 30_000, 123_456.5, 7.25),
            new JobEvent.SourceReopened("s3://b/orders/c.csv", 5_000, "Connection reset", 1, 10),
            new JobEvent.SourceGap("kafka://src:9092/orders#2", 1_200, 1_500),
            new JobEvent.SourceLag("kafka://src:9092/orders#2", 2, 1_500, 1_620),
            new JobEvent.BadRow("s3://b/orders/c.csv", 17, 1_700, "3 fields, the header has 2", "skipped"),
            new JobEvent.RefusedTooLarge(Set.of(new Row(0, 41), new Row(2, 900))),
            new JobEvent.Retrying("Timeout expired after 60000ms", 2_000, 2, 9),
            new JobEvent.CheckpointSaved("RUNNING", PLAIN),
            new JobEvent.CheckpointFailed("throttled", 5_000),
            new JobEvent.Stopped(PLAIN, "SIGTERM", true, "while waiting for the job's lease"),
            new JobEvent.Completed(PLAIN, "orders", 0, 30_000, false),
            new JobEvent.Failed("fenced by another runner", PLAIN, false));

    private static EventsDocument doc;
    private static List<JsonNode> lines;

    @BeforeAll
    static void writeEveryExample() throws IOException {
        doc = EventsDocument.read();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonLinesListener json = new JsonLinesListener(bytes, true, "job-1", 0);
        EXAMPLES.forEach(json::on);
        json.close();
        ObjectMapper mapper = new ObjectMapper();
        lines = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(mapper.readTree(line));
        }
    }

    @Test
    void theExamplesHoldOneOfEveryEvent() {
        assertThat(EXAMPLES.stream().map(Object::getClass).toList())
                .containsExactlyInAnyOrder(JobEvent.class.getPermittedSubclasses());
        assertThat(lines).hasSameSizeAs(EXAMPLES);
    }

    @Test
    void everyEventIsDocumentedWithExactlyTheFieldsItWritesOfTheirTypes() {
        for (JsonNode line : lines) {
            assertThat(doc.problems(line)).as(line.toString()).isEmpty();
        }
    }

    @Test
    void theDocumentNamesEveryEventTheCodeWritesAndNoOther() {
        assertThat(doc.events()).containsExactlyInAnyOrderElementsOf(
                lines.stream().map(line -> line.path("event").asText()).toList());
    }

    @Test
    void everyLineCarriesTheSchemaVersionTheDocumentGives() {
        assertThat(lines).allMatch(line -> line.path("v").asInt() == JobEvent.VERSION);
        assertThat(doc.text).contains("The current version is `" + JobEvent.VERSION + "`.");
    }

    @Test
    void aFieldMissingFromTheDocumentOrFromTheLineIsAProblem() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode extra = mapper.readTree("{\"time\":\"t\",\"job\":\"j\",\"event\":\"lease_wait\",\"v\":1,"
                + "\"holder\":\"h\",\"until\":3}");
        JsonNode missing = mapper.readTree("{\"time\":\"t\",\"job\":\"j\",\"event\":\"empty_input\",\"v\":1}");
        JsonNode wrongType = mapper.readTree("{\"time\":\"t\",\"job\":\"j\",\"event\":\"checkpoint_saved\",\"v\":1,"
                + "\"status\":\"RUNNING\",\"at\":{\"input\":0,\"offset\":1,\"row\":1,\"sent\":0,\"skipped\":\"0\"}}");
        assertThat(doc.problems(extra)).containsExactly("lease_wait: field 'until' is not in docs/events.md");
        assertThat(doc.problems(missing)).containsExactly("empty_input: documented field 'source' is missing");
        assertThat(doc.problems(wrongType)).containsExactly(
                "checkpoint_saved.at: field 'skipped' is \"0\", not integer");
    }

    @Test
    void positionsOfCompressedInputsCarryTheirSeekAndPlainOnesDoNot() {
        JsonNode resumed = lines.stream().filter(line -> line.path("event").asText().equals("resumed")).findFirst()
                .orElseThrow();
        assertThat(resumed.path("at").path("seek_raw").asLong()).isEqualTo(4_096);
        assertThat(resumed.path("at").path("seek_decoded").asLong()).isEqualTo(8_192);
        assertThat(resumed.path("checkpoint").has("seek_raw")).isFalse();
    }
}
