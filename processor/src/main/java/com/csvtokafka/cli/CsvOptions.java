package com.csvtokafka.cli;

import com.csvtokafka.compress.Compression;
import com.csvtokafka.config.ConfigurationException;
import com.csvtokafka.csv.CsvDialect;
import com.csvtokafka.source.Source;
import java.io.IOException;
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

    /** The dialect; checked against the source once {@link #check} has read it. */
    CsvDialect dialect() {
        return dialect.dialect();
    }

    /** See {@link DialectOptions#found}. */
    java.util.Optional<String> found() {
        return dialect.found();
    }

    /** See {@link DialectOptions#check}. */
    SourceSample check(Source source) throws IOException, ConfigurationException {
        return dialect.check(source);
    }

    JobConfig.Format format() {
        return Options.enumValue(JobConfig.Format.class, format, "--format");
    }
}
