package com.csvtokafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void aKnownStateOnAnEightyColumnTerminal() {
        String line = new ProgressBar(out, 80).render(1_234_567, 0.42, 512_000, 65);

        assertThat(line).isEqualTo("[" + "#".repeat(8) + "-".repeat(13) + "]  42.0%     1,234,567 rows   512,000 "
                + "rows/s ETA 1m05s   ");
        assertThat(line).hasSize(79);
    }

    @Test
    void theBarTakesTheWidthThereIs() {
        String wide = new ProgressBar(out, 120).render(1_234_567, 0.5, 512_000, 65);

        assertThat(wide).hasSize(119).startsWith("[" + "#".repeat(30) + "-".repeat(31) + "]  50.0%");
    }

    @Test
    void everyStateHasTheSameWidthSoTheBarNeverMoves() {
        for (int columns : List.of(40, 80, 132)) {
            ProgressBar bar = new ProgressBar(out, columns);
            assertThat(List.of(bar.render(0, Double.NaN, Double.NaN, Double.NaN), bar.render(7, 0.001, 3, 42),
                    bar.render(1_234_567_890L, 0.999, 9_876_543, 7 * 3600), bar.render(10, 1.0, 0, 0)))
                    .as(columns + " columns").extracting(String::length).containsOnly(columns - 1);
        }
    }

    @Test
    void aNarrowTerminalLosesTheBarThenTheTail() {
        assertThat(new ProgressBar(out, 40).render(1_234_567, 0.42, 512_000, 65))
                .isEqualTo("42.0% 1,234,567 rows 512,000 rows/s ETA");
    }

    @Test
    void doneAndUnknownStates() {
        ProgressBar bar = new ProgressBar(out, 80);

        assertThat(bar.render(10, 1.0, 0, 0)).startsWith("[" + "#".repeat(21) + "] 100.0%            10 rows         0 "
                + "rows/s ETA 0s");
        assertThat(bar.render(0, Double.NaN, Double.NaN, Double.NaN)).contains("]  --.-%             0 rows         0 "
                + "rows/s ETA --").doesNotContain("#");
    }

    @Test
    void etaReadsLikeAClock() {
        assertThat(ProgressBar.eta(42)).isEqualTo("42s");
        assertThat(ProgressBar.eta(65)).isEqualTo("1m05s");
        assertThat(ProgressBar.eta(3723)).isEqualTo("1h02m03s");
        assertThat(ProgressBar.eta(-1)).isEqualTo("--");
        assertThat(ProgressBar.eta(Double.POSITIVE_INFINITY)).isEqualTo("--");
    }

    @Test
    void updatesRedrawOneLineInPlaceAndFinishEndsIt() {
        ProgressBar bar = new ProgressBar(out, 40);
        String first = bar.render(1_000_000, 0.1, 1_000_000, 3600);
        String second = bar.render(2, 0.2, 1, 5);

        bar.update(1_000_000, 0.1, 1_000_000, 3600);
        bar.update(1_000_000, 0.1, 1_000_000, 3600); // the same line: not drawn again
        bar.update(2, 0.2, 1, 5);
        bar.finish();
        bar.finish();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\r" + first + "\r" + second
                + System.lineSeparator());
    }

    @Test
    void theFinalBarIsDrawnOnceWithTheLastRateAndNothingAfterIt() {
        ProgressBar bar = new ProgressBar(out, 80);
        bar.update(90, 0.9, 1000, 1);
        bytes.reset();

        bar.complete(100);
        bar.update(100, 1.0, 5, 0);
        bar.complete(100);
        bar.finish();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\r" + bar.render(100, 1.0, 1000, 0)
                + System.lineSeparator());
    }

    @Test
    void otherOutputClearsTheBarFirstAndTheBarComesBackAfterIt() {
        ProgressBar bar = new ProgressBar(out, 60);
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        // the log writes to the same terminal as the bar: here, the same bytes
        PrintStream log = bar.guard(out);
        bar.update(5, 0.5, 10, 1);
        String line = bar.render(5, 0.5, 10, 1);
        bytes.reset();

        log.print("2026-12-06 WARN bad row 7");
        log.print(" of x.csv\n");
        log.print("");

        String blank = "\r" + " ".repeat(line.length()) + "\r";
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo(blank + "2026-12-06 WARN bad row 7 of x.csv\n\r" + line);
        assertThat(logBytes.size()).isZero();

        bar.finish();
        bytes.reset();
        log.print("after the bar\n");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).as("no bar to clear or draw").isEqualTo("after the bar\n");
    }

    @Test
    void finishWithoutAnUpdatePrintsNothing() {
        new ProgressBar(out, 80).finish();

        assertThat(bytes.size()).isZero();
    }

    @Test
    void columnsComeFromTheEnvironment() {
        assertThat(ProgressBar.columns(Map.of("COLUMNS", "132")::get)).isEqualTo(132);
        assertThat(ProgressBar.columns(Map.<String, String>of()::get)).isEqualTo(80);
        assertThat(ProgressBar.columns(Map.of("COLUMNS", "wide")::get)).isEqualTo(80);
    }

    @Test
    void aTestRunWithoutATerminalIsNotInteractive() {
        assertThat(System.console()).isNull();
        assertThat(ProgressBar.interactive()).isFalse();
    }
}
