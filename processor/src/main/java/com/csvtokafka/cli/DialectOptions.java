package com.csvtokafka.cli;

import com.csvtokafka.compress.Compression;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.csv.DelimiterSniffer;
import com.csvtokafka.source.Source;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How to read the CSV: the dialect and the compression (run, verify, infer-schema). */
public final class DialectOptions {
    @Option(names = "--header", paramLabel = "true|false", defaultValue = "${env:CSV_HEADER:-true}", arity = "1",
            description = "the first row names the columns (and is not sent) (env CSV_HEADER; default ${DEFAULT-VALUE})")
    boolean header;

    @Option(names = "--delimiter", paramLabel = "C|auto", defaultValue = "${env:CSV_DELIMITER:-,}",
            description = "field delimiter, one ASCII character or tab (\\t); auto = the one of , ; tab | that splits "
                    + "the header and the first rows evenly (the job records the one found). A header read as one "
                    + "field that another of these splits is refused, naming it (env CSV_DELIMITER; default "
                    + "${DEFAULT-VALUE})")
    String delimiter;

    @Option(names = "--quote", paramLabel = "C", defaultValue = "${env:CSV_QUOTE:-\"}",
            description = "quote character (env CSV_QUOTE; default ${DEFAULT-VALUE})")
    String quote;

    @Option(names = "--encoding", paramLabel = "NAME", defaultValue = "${env:CSV_ENCODING:-UTF-8}",
            description = "source encoding, ASCII-compatible (env CSV_ENCODING; default ${DEFAULT-VALUE}); JSON output is UTF-8")
    String encoding;

    @Option(names = "--lazy-quotes", paramLabel = "true|false", defaultValue = "${env:CSV_LAZY_QUOTES:-false}",
            arity = "0..1",
            description = "a quote inside an unquoted field (5'11\", 37°36'37.8\"N) or a lone quote inside a quoted "
                    + "field is an ordinary character, as Go's and Python's CSV readers allow; default: strict RFC 4180, "
                    + "such a row is a bad row (env CSV_LAZY_QUOTES)")
    boolean lazyQuotes;

    @Option(names = "--compression", paramLabel = "auto|none|gzip|zstd|bzip2", defaultValue = "${env:COMPRESSION:-auto}",
            description = "how the input is compressed; auto tells gzip, zstd and bzip2 by their first bytes, "
                    + "whatever the file's name (env COMPRESSION; default ${DEFAULT-VALUE})")
    String compression;

    Compression compression() {
        return Compression.parse(compression);
    }

    /** The dialect checked against the source, its delimiter found there with --delimiter auto. */
    private CsvDialect checked;
    /** With --delimiter auto, once checked: which delimiter was found, and where; else null. */
    private String found;

    /** With --delimiter auto, after {@link #check}: a line saying which delimiter it found; empty otherwise. */
    Optional<String> found() {
        return Optional.ofNullable(found);
    }

    /**
     * The dialect: after {@link #check}, the one checked against the source; before, as given (with
     * {@code --delimiter auto}, a {@code ,} that {@link #check} replaces).
     */
    CsvDialect dialect() {
        if (checked != null) {
            return checked;
        }
        return CsvDialect.of(auto() ? ',' : Options.character(delimiter, "--delimiter"), Options.character(quote, "--quote"),
                Options.charset(encoding), header, lazyQuotes);
    }

    private boolean auto() {
        return delimiter.trim().equalsIgnoreCase("auto");
    }

    /**
     * Reads the source's first rows: finds the delimiter for --delimiter auto, and refuses a delimiter that reads
     * the first row as one field which another delimiter splits evenly (a {@code ;} file read with {@code ,}).
     *
     * @return the sample read, for further checks of the header
     * @throws ConfigurationException the delimiter is wrong, or auto finds none or several
     */
    SourceSample check(Source source) throws IOException, ConfigurationException {
        SourceSample sample = SourceSample.read(source, compression());
        CsvDialect given = dialect();
        char q = (char) given.quote();
        char d = (char) given.delimiter();
        if (auto()) {
            if (sample.unreadable() != null) {
                throw new ConfigurationException("--delimiter auto cannot read the first rows of " + sample.uri() + ": "
                        + sample.unreadable());
            }
            try {
                d = sample.empty() ? ',' : DelimiterSniffer.detect(sample.bytes(), sample.complete(), q, lazyQuotes);
                found = sample.empty() ? null : "--delimiter auto: " + DelimiterSniffer.show(d) + " splits the first "
                        + "rows of " + sample.uri() + " evenly";
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("--delimiter auto cannot tell the delimiter of " + sample.uri() + ": "
                        + e.getMessage());
            }
        } else if (!sample.empty()) {
            Optional<Character> better = DelimiterSniffer.better(sample.bytes(), sample.complete(), d, q, lazyQuotes);
            if (better.isPresent()) {
                String b = DelimiterSniffer.show(better.get());
                String first = new String(sample.bytes(), 0, Math.min(sample.bytes().length, 200), given.charset())
                        .lines().findFirst().orElse("");
                throw new ConfigurationException("the " + (header ? "header" : "first row") + " of " + sample.uri()
                        + " does not split into columns with --delimiter " + DelimiterSniffer.show(d) + ": '" + shorten(first)
                        + "', while " + b + " splits it and the next rows evenly: the file looks " + b + "-separated"
                        + "\npass --delimiter " + b + " (or --delimiter auto); a one-column file whose "
                        + (header ? "header holds " : "values hold ") + b + " can quote it");
            }
        }
        checked = CsvDialect.of(d, q, given.charset(), header, lazyQuotes);
        return sample;
    }

    private static String shorten(String line) {
        String shown = line.replace("\t", "\\t");
        return shown.length() <= 60 ? shown : shown.substring(0, 59) + "…";
    }
}
