package com.csvtokafka.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.metrics.ProgressBar;
import com.csvtokafka.metrics.ProgressBarListener;
import com.csvtokafka.position.Position;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What people and programs see of a run: the terminal bar's end, the summary line, the JSON Lines. */
class ListenersTest {
    private static final Position END = Position.plain(0, 5_000, 1_001, 998, 2);

    @Test
    void theBarEndsAtOneHundredPercentWhenTheJobCompletes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBarListener bar = new ProgressBarListener(new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 80));
        bar.on(new JobEvent.Progress(900, 4_000, 5_000, 900, 1));
        bar.on(new JobEvent.Completed(END, "orders", 0, 5_000, false));
        String screen = bytes.toString(StandardCharsets.UTF_8);
        String last = screen.substring(screen.lastIndexOf('\r') + 1);
        assertThat(last).contains("100.0%").contains("1,000 rows").endsWith("\n");
    }

    @Test
    void theSummaryNamesRowsBadRowsTimeRateAndTheTopicPartitionAndNeverANegativeCount() {
        LogListener log = new LogListener("job-1", 5_000, true);
        log.on(new JobEvent.Resumed(Position.start(true), false, -1, -1, null));
        String summary = log.summary(new JobEvent.Completed(END, "orders", 3, 5_000, false));
        assertThat(summary).contains("998 records in orders-3").contains("2 bad rows").contains("this run: 1,000 rows in")
                .contains("rows/s");
        String empty = log.summary(new JobEvent.Completed(Position.start(true), "orders", 3, 0, false));
        assertThat(empty).contains("0 records").doesNotContain("-1");
    }

    /** What {@code run} logs to stderr while {@code events} reach a LogListener. */
    private static String logged(JobEvent... events) {
        java.io.PrintStream stderr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            LogListener listener = new LogListener("job-1", 5_000, false);
            for (JobEvent e : events) {
                listener.on(e);
            }
        } finally {
            System.setErr(stderr);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aThousandBadRowsGiveTheFirstTenAndOneSummaryNotAThousandLines() {
        JobEvent[] events = new JobEvent[1_005];
        events[0] = new JobEvent.Resumed(Position.start(true), false, -1, -1, null);
        for (int i = 1; i <= 1_003; i++) {
            events[i] = new JobEvent.BadRow("file:///a.csv", i, i * 10L, "3 fields, the header has 2", "skipped");
        }
        events[events.length - 1] = new JobEvent.Completed(Position.plain(0, 10_040, 1_004, 0, 1_003), "orders", 0,
                10_040, false);
        String log = logged(events);
        assertThat(log.lines().filter(l -> l.contains("bad row ") && l.contains(" skipped: "))).hasSize(10);
        assertThat(log).contains("further bad rows are counted here every 10 s")
                .contains("993 more bad rows skipped, 1,003 bad rows in all")
                .contains("COMPLETED — 0 records in orders-0, 1,003 bad rows, 10,040 bytes read");
        assertThat(log.lines().count()).as(log).isLessThan(16);
    }

    @Test
    void sourceLagsAreOneLineEveryProgressIntervalForAllPartitions() {
        String log = logged(new JobEvent.SourceLag("kafka://src:9092/orders#1", 1, 100, 1_300),
                new JobEvent.SourceLag("kafka://src:9092/orders#0", 0, 50, 50),
                new JobEvent.SourceLag("kafka://src:9092/orders#2", 2, 10, 20));

        assertThat(log.lines().filter(l -> l.contains("source lag"))).as(log).singleElement().asString()
                .contains("job job-1: source lag 1,200 (partition 1: 1,200)");
    }

    @Test
    void countsOfOneAreSingular() {
        String log = logged(new JobEvent.Resumed(Position.start(true), false, -1, -1, null),
                new JobEvent.Completed(Position.plain(0, 20, 3, 1, 1), "orders", 0, 20, false));
        assertThat(log).contains("1 record in orders-0, 1 bad row, 20 bytes read").doesNotContain("1 records")
                .doesNotContain("1 bad rows");
    }

    /** A record of another package that is not public, as the engine's row keys are. */
    private record Key(int input, long offset) implements JobEvent.Row {
    }

    @Test
    void eventsHoldingRecordsOfOtherPackagesAreWrittenWholeAndTheNextEventsToo() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonLinesListener json = new JsonLinesListener(bytes, true, "job-1", 5_000);
        json.on(new JobEvent.RefusedTooLarge(java.util.Set.of(new Key(0, 41))));
        json.on(new JobEvent.Failed("bad row 4 at byte offset 41", null, false));
        json.close();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readTree(lines[0]).path("rows").path(0).path("offset").asLong()).isEqualTo(41);
        assertThat(mapper.readTree(lines[1]).path("message").asText()).contains("byte offset 41");
    }

    @Test
    void everyEventIsOneJsonObjectALineWithTimeJobAndName() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonLinesListener json = new JsonLinesListener(bytes, true, "job-1", 5_000);
        json.on(new JobEvent.Started("s3://b/k.csv", 10, "etag=\"x\"", "store", 1, "orders", 0));
        json.on(new JobEvent.Committed(END, 10, 100, 2_000_000, 7));
        json.on(new JobEvent.Progress(1, 2, 3, Double.NaN, Double.NaN));
        json.close();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(3).allMatch(l -> l.startsWith("{\"time\":"));
        ObjectMapper mapper = new ObjectMapper();
        JsonNode started = mapper.readTree(lines[0]);
        assertThat(started.path("event").asText()).isEqualTo("started");
        assertThat(started.path("job").asText()).isEqualTo("job-1");
        assertThat(started.path("source_bytes").asLong()).isEqualTo(10);
        assertThat(started.has("time")).isTrue();
        JsonNode committed = mapper.readTree(lines[1]);
        assertThat(committed.path("at").path("row").asLong()).isEqualTo(1_001);
        assertThat(committed.path("latency_nanos").asLong()).isEqualTo(2_000_000);
        assertThat(mapper.readTree(lines[2]).path("eta_seconds").isNull()).isTrue();
    }
}
