package com.csvtokafka.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * One line per scenario run, tab-separated, appended to {@code target/chaos/results.tsv} (or {@code -Dchaos.dir}),
 * so {@code bin/chaos} can add the runs up into its table. Columns: scenario, runs, faults, rows checked, lost,
 * duplicated, reordered, corrupted, checkpoint ahead, slowest recovery (ms), finished.
 */
public final class ChaosResults {
    private ChaosResults() {
    }

    public static void record(String scenario, int faults, Checker.Verdict v, long slowestRecoveryNanos) {
        String line = String.join("\t", scenario, "1", Integer.toString(faults), Integer.toString(v.records()),
                Long.toString(v.lost()), Long.toString(v.duplicated()), Long.toString(v.reordered()),
                Long.toString(v.corrupted() + v.prefixViolations()), Long.toString(v.checkpointAhead()),
                Long.toString(TimeUnit.NANOSECONDS.toMillis(slowestRecoveryNanos)), Boolean.toString(v.finished())) + "\n";
        Path dir = Path.of(System.getProperty("chaos.dir", "target/chaos"));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("results.tsv"), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("chaos " + scenario + ": faults " + faults + ", slowest recovery "
                + TimeUnit.NANOSECONDS.toMillis(slowestRecoveryNanos) + " ms; " + v.summary());
    }

    static int intProperty(String name, int defaultValue) {
        return Integer.getInteger(name, defaultValue);
    }
}
