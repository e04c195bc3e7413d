package com.csvtokafka.csv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which delimiter a file uses, from its first rows: each candidate ({@code , ; TAB |}) frames the sample with the
 * real {@link RowFramer} (so a candidate inside quotes does not count), and a candidate fits when it splits the
 * first row into two or more fields and every further row of the sample into as many (or, when none does so, the
 * one candidate that splits at least half of them so: a bad row among the first is no reason to doubt it). A file
 * whose rows have one field under every candidate is a one-column file (any delimiter reads it alike: {@code ,}).
 *
 * <p>Used two ways: {@code --delimiter auto} takes the one candidate that fits ({@link #detect}); and a file whose
 * header is a single field under the delimiter given while another candidate fits is refused
 * ({@link #better}) — the tell-tale of a {@code ;}-separated file read with the default {@code ,}, which would
 * otherwise send one column named {@code a;b;c} without a word. A header that really is one field holding a
 * {@code ;} can be quoted.
 */
public final class DelimiterSniffer {
    /** The delimiters tried, in the order a tie would be reported. */
    public static final List<Character> CANDIDATES = List.of(',', ';', '\t', '|');
    /** Rows after the first that a candidate must split alike. */
    static final int ROWS = 20;

    private DelimiterSniffer() {
    }

    /** How one candidate splits the sample. */
    record Fit(char delimiter, int fields, int rows, int matching) {
        /** Two or more fields in the first row, and as many in every further row read. */
        boolean fits() {
            return fields >= 2 && matching == rows;
        }

        /** Two or more fields in the first row, and as many in at least half of the further rows. */
        boolean mostly() {
            return fields >= 2 && matching * 2 >= rows;
        }
    }

    /**
     * The delimiter the sample uses.
     *
     * @param sample   the input's first bytes (decoded, not compressed)
     * @param complete true when the sample is the whole input (its last row is whole)
     * @throws IllegalArgumentException when several candidates fit, or the rows fit none evenly (naming them)
     */
    public static char detect(byte[] sample, boolean complete, char quote, boolean lazyQuotes) {
        List<Fit> fits = fits(sample, complete, quote, lazyQuotes);
        List<Fit> fitting = fits.stream().filter(Fit::fits).toList();
        if (fitting.size() == 1) {
            return fitting.get(0).delimiter();
        }
        if (fitting.size() > 1) {
            throw new IllegalArgumentException("the first rows split evenly by more than one delimiter ("
                    + describe(fitting) + ")\npass the right one, e.g. --delimiter "
                    + show(fitting.get(0).delimiter()));
        }
        if (fits.stream().allMatch(f -> f.fields() <= 1)) {
            return ','; // one column: every delimiter reads it alike
        }
        // a bad row among the first ones (a stray quote, a field too many) is a bad row of the run, not a reason to
        // doubt a delimiter that splits the others evenly, as long as no other delimiter does
        List<Fit> mostly = fits.stream().filter(Fit::mostly).toList();
        if (mostly.size() == 1) {
            return mostly.get(0).delimiter();
        }
        throw new IllegalArgumentException("no delimiter splits the first rows evenly ("
                + describe(fits.stream().filter(f -> f.fields() >= 2).toList()) + ")\npass it, e.g. --delimiter "
                + show(fits.stream().filter(f -> f.fields() >= 2).findFirst().orElseThrow().delimiter())
                + ", and --on-bad-row for rows that do not fit");
    }

    /**
     * Another delimiter when the one given reads the first row as a single field (or cannot read it) while that one
     * splits the sample evenly into two or more fields; empty when {@code given} is plausible.
     */
    public static Optional<Character> better(byte[] sample, boolean complete, char given, char quote, boolean lazyQuotes) {
        if (fit(sample, complete, given, quote, lazyQuotes).fields() > 1) {
            return Optional.empty();
        }
        List<Fit> fitting = fits(sample, complete, quote, lazyQuotes).stream()
                .filter(f -> f.delimiter() != given && f.fits()).toList();
        return fitting.size() == 1 ? Optional.of(fitting.get(0).delimiter()) : Optional.empty();
    }

    /** A delimiter as a user types it on a command line: {@code ';'}, {@code tab}. */
    public static String show(char delimiter) {
        return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
    }

    private static List<Fit> fits(byte[] sample, boolean complete, char quote, boolean lazyQuotes) {
        List<Fit> out = new ArrayList<>();
        for (char c : CANDIDATES) {
            if (c != quote) {
                out.add(fit(sample, complete, c, quote, lazyQuotes));
            }
        }
        return out;
    }

    private static String describe(List<Fit> fits) {
        List<String> parts = new ArrayList<>();
        for (Fit f : fits) {
            parts.add(String.format(Locale.ROOT, "%s: %d fields in the first row, %d of the next %d rows alike",
                    show(f.delimiter()), f.fields(), f.matching(), f.rows()));
        }
        return String.join("; ", parts);
    }

    /**
     * How {@code delimiter} frames the sample. Framed as ISO-8859-1: every byte is a character there, and in the
     * ASCII-compatible encodings the framer supports the delimiters, quote and line ends are the same bytes.
     */
    static Fit fit(byte[] sample, boolean complete, char delimiter, char quote, boolean lazyQuotes) {
        CsvDialect dialect = CsvDialect.of(delimiter, quote, StandardCharsets.ISO_8859_1, false, lazyQuotes);
        List<Framed> rows = new ArrayList<>();
        try (RowFramer framer = new RowFramer(new ByteArrayInputStream(sample), 0, 1, dialect, sample.length + 1)) {
            Row row = new Row();
            while (rows.size() <= ROWS && framer.next(row)) {
                rows.add(new Framed(row.fieldCount(), row.error()));
            }
            if (!complete && !rows.isEmpty() && !framer.next(row)) {
                rows.remove(rows.size() - 1); // the sample ends inside its last row
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail to read
        }
        if (rows.isEmpty()) {
            return new Fit(delimiter, 0, 0, 0);
        }
        int fields = rows.get(0).error() != null ? 0 : rows.get(0).fields();
        int n = Math.min(rows.size() - 1, ROWS);
        int matching = 0;
        for (int i = 1; i <= n; i++) {
            if (rows.get(i).error() == null && rows.get(i).fields() == fields) {
                matching++;
            }
        }
        return new Fit(delimiter, fields, n, matching);
    }

    private record Framed(int fields, String error) {
    }
}
