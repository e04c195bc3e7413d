package com.csvtokafka.cli;

import com.csvtokafka.compress.Compression;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.transfer.JobConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How to read the CSV and what a record's value is. */
public final class CsvOptions {
    @Option(names = "--format", paramLabel = "json|csv|avro", defaultValue = "${env:FORMAT:-json}",
            description = "record value: json = a JSON object in header order (values as strings; typed with "
                    + "--schema), csv = the row's exact bytes, avro = the Avro datum of --schema (env FORMAT; "
                    + "default ${DEFAULT-VALUE})")
    String format;

    @Mixin DialectOptions dialect;

    Compression compression() {
        return dialect.compression();
    }

    CsvDialect dialect() {
        return dialect.dialect();
    }

    JobConfig.Format format() {
        return Options.enumValue(JobConfig.Format.class, format, "--format");
    }
}
