package com.csvtokafka.cli;

import com.csvtokafka.compress.Compression;
import com.csvtokafka.csv.CsvDialect;
import picocli.CommandLine.Option;

/** How to read the CSV: the dialect and the compression (run, verify, infer-schema). */
public final class DialectOptions {
    @Option(names = "--header", paramLabel = "true|false", defaultValue = "${env:CSV_HEADER:-true}", arity = "1",
            description = "the first row names the columns (and is not sent) (env CSV_HEADER; default ${DEFAULT-VALUE})")
    boolean header;

    @Option(names = "--delimiter", paramLabel = "C", defaultValue = "${env:CSV_DELIMITER:-,}",
            description = "field delimiter, one ASCII character or \\t (env CSV_DELIMITER; default ${DEFAULT-VALUE})")
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

    CsvDialect dialect() {
        return CsvDialect.of(Options.character(delimiter, "--delimiter"), Options.character(quote, "--quote"),
                Options.charset(encoding), header, lazyQuotes);
    }
}
