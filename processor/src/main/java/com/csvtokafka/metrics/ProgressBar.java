package com.csvtokafka.metrics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * A one-line live progress bar on a terminal's stderr, redrawn in place with {@code \r}:
 * {@code [#####-----]  42.0%     1,234,567 rows   512,000 rows/s ETA 1m05s}. The line has one width for the whole run
 * (the numbers take fixed columns), so the bar never jitters and a redraw leaves nothing of the one before; it fits
 * the terminal's width ({@code COLUMNS}, 80 when unset), dropping the bar and then cutting the text on narrow
 * terminals, and never writes the last column, where some terminals wrap. Other output to the terminal goes through
 * {@link #guard}: the bar is cleared before it and drawn again after it, so log lines never mix with the bar. Use it
 * only when {@link #interactive()}; containers get periodic log lines instead.
 */
public final class ProgressBar {
    static final int DEFAULT_COLUMNS = 80;
    static final int MIN_BAR = 10;
    /** The text after the bar, its numbers in fixed columns: percent, rows, rows/s, ETA. */
    private static final String TEXT = "%6s %,13d rows %,9.0f rows/s ETA %-8s";

    private final PrintStream out;
    private final int columns;
    /** The line on the terminal now (or hidden under other output, to draw again), null before the first. */
    private String line;
    private boolean drawn;
    /** The run is over: the last line stays as it is, later updates draw nothing. */
    private boolean done;
    private double lastRate = Double.NaN;

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
     * @param rowsPerSecond recent throughput (NaN: the last one known)
     * @param etaSeconds    time left; negative, NaN or infinite when not known yet
     */
    public synchronized void update(long rows, double fraction, double rowsPerSecond, double etaSeconds) {
        if (done) {
            return;
        }
        if (Double.isFinite(rowsPerSecond)) {
            lastRate = rowsPerSecond;
        }
        String next = render(rows, fraction, lastRate, etaSeconds);
        if (drawn && next.equals(line)) {
            return;
        }
        line = next;
        out.print("\r" + line);
        out.flush();
        drawn = true;
    }

    /** The job is complete: the last line shows 100% once, ends, and nothing is drawn after it. */
    public synchronized void complete(long rows) {
        if (done) {
            return;
        }
        update(rows, 1.0, Double.NaN, 0);
        finish();
        done = true;
    }

    /** Ends the bar's line, so whatever is printed next starts on a fresh one; a later update starts a new bar. */
    public synchronized void finish() {
        if (drawn) {
            out.println();
            out.flush();
        }
        drawn = false;
        line = null;
    }

    /**
     * {@code terminal} (stderr or stdout, on the same terminal as the bar) with the bar cleared before anything is
     * written there and drawn again after each whole line: log lines and {@code --events -} lines stay whole.
     */
    public PrintStream guard(PrintStream terminal) {
        return new PrintStream(new java.io.OutputStream() {
            private boolean midLine;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (ProgressBar.this) {
                    if (length == 0) {
                        return;
                    }
                    if (!midLine) {
                        hide();
                    }
                    terminal.write(bytes, offset, length);
                    terminal.flush();
                    midLine = bytes[offset + length - 1] != '\n';
                    if (!midLine) {
                        show();
                    }
                }
            }

            @Override
            public void flush() {
                terminal.flush();
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Blanks the line, keeping it to draw again. */
    private void hide() {
        if (drawn) {
            out.print("\r" + " ".repeat(line.length()) + "\r");
            out.flush();
            drawn = false;
        }
    }

    private void show() {
        if (line != null && !drawn && !done) {
            out.print("\r" + line);
            out.flush();
            drawn = true;
        }
    }

    /** The line for a state, at most {@code columns - 1} characters, of the same width for every state. */
    String render(long rows, double fraction, double rowsPerSecond, double etaSeconds) {
        boolean known = Double.isFinite(fraction);
        double clamped = known ? Math.max(0, Math.min(1, fraction)) : 0;
        String text = String.format(Locale.ROOT, TEXT,
                known ? String.format(Locale.ROOT, "%.1f%%", clamped * 100) : "--.-%", rows,
                Double.isFinite(rowsPerSecond) ? rowsPerSecond : 0, eta(etaSeconds));
        int room = columns - 1;
        int barWidth = room - text.length() - 3;
        if (barWidth < MIN_BAR) {
            String compact = text.trim().replaceAll(" {2,}", " ");
            return compact.length() > room ? compact.substring(0, room)
                    : compact + " ".repeat(room - compact.length());
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
