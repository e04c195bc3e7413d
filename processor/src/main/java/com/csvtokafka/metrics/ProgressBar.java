package com.csvtokafka.metrics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * A one-line live progress bar on a terminal's stderr, redrawn in place with {@code \r}:
 * {@code [#####-----] 42.0% 1,234,567 rows 512,000 rows/s ETA 1m05s}. It fits the terminal's width ({@code COLUMNS},
 * 80 when unset), dropping the bar and then cutting the text on narrow terminals; it never writes the last column,
 * where some terminals wrap. Use it only when {@link #interactive()}; containers get periodic log lines instead.
 */
public final class ProgressBar {
    static final int DEFAULT_COLUMNS = 80;
    static final int MIN_BAR = 10;

    private final PrintStream out;
    private final int columns;
    private int lastLength;
    private boolean drawn;

    public ProgressBar(PrintStream out, int columns) {
        this.out = out;
        this.columns = Math.max(20, columns);
    }

    /** A bar on {@code System.err} as wide as {@code COLUMNS} says. */
    public static ProgressBar onStderr() {
        return new ProgressBar(System.err, columns(System::getenv));
    }

    /**
     * True when a person is watching: the JVM has a console (stdin and stdout are a terminal), {@code TERM} is not
     * {@code dumb}, and stderr is a terminal too (checked through /proc where there is one; elsewhere assumed to
     * follow stdout).
     */
    public static boolean interactive() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM")) && stderrIsTerminal();
    }

    private static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        if (!Files.exists(fd)) {
            return true;
        }
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static int columns(Function<String, String> env) {
        String value = env.apply("COLUMNS");
        try {
            return value == null ? DEFAULT_COLUMNS : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return DEFAULT_COLUMNS;
        }
    }

    /**
     * Redraws the line.
     *
     * @param rows          data rows handled so far
     * @param fraction      share of the source consumed, 0..1 (NaN when unknown)
     * @param rowsPerSecond recent throughput
     * @param etaSeconds    time left; negative, NaN or infinite when not known yet
     */
    public synchronized void update(long rows, double fraction, double rowsPerSecond, double etaSeconds) {
        String line = render(rows, fraction, rowsPerSecond, etaSeconds);
        // Spaces over what a longer previous line left behind; no ANSI codes, so any terminal shows it right.
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
        drawn = true;
    }

    /** Ends the bar's line, so whatever is printed next starts on a fresh one. */
    public synchronized void finish() {
        if (drawn) {
            out.println();
            out.flush();
            drawn = false;
            lastLength = 0;
        }
    }

    /** The line for a state, at most {@code columns - 1} characters. */
    String render(long rows, double fraction, double rowsPerSecond, double etaSeconds) {
        boolean known = Double.isFinite(fraction);
        double clamped = known ? Math.max(0, Math.min(1, fraction)) : 0;
        String text = String.format(Locale.ROOT, "%s %,d rows %,.0f rows/s ETA %s",
                known ? String.format(Locale.ROOT, "%.1f%%", clamped * 100) : "--.-%", rows,
                Double.isFinite(rowsPerSecond) ? rowsPerSecond : 0, eta(etaSeconds));
        int room = columns - 1;
        int barWidth = room - text.length() - 3;
        if (barWidth < MIN_BAR) {
            return text.length() > room ? text.substring(0, room) : text;
        }
        int filled = (int) Math.floor(clamped * barWidth);
        return "[" + "#".repeat(filled) + "-".repeat(barWidth - filled) + "] " + text;
    }

    /** {@code 42s}, {@code 1m05s}, {@code 2h03m04s}; {@code --} while unknown. */
    static String eta(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
