package com.csvtokafka.cli;

import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.transfer.JobConfig;
import picocli.CommandLine.Option;

/** How to read the CSV and what a record's value is. */
public final class CsvOptions {
    @Option(names = "--format", paramLabel = "json|csv", defaultValue = "${env:FORMAT:-json}",
            description = "record value: a JSON object in header order, or the row's exact bytes (env FORMAT; default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--header", paramLabel = "true|false", defaultValue = "${env:CSV_HEADER:-true}", arity = "1",
            description = "the first row names the columns and is not sent (env CSV_HEADER; default ${DEFAULT-VALUE})")
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

    CsvDialect dialect() {
        return CsvDialect.of(Options.character(delimiter, "--delimiter"), Options.character(quote, "--quote"),
                Options.charset(encoding), header);
    }

    JobConfig.Format format() {
        return Options.enumValue(JobConfig.Format.class, format, "--format");
    }
}
