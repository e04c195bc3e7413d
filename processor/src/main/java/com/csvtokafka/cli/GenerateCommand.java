package com.csvtokafka.cli;

import com.csvtokafka.tools.SampleCsv;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false, requiredOptionMarker = '*',
        description = {"Writes a sample CSV file to try the tool on, or to benchmark it with.",
                "A header and N rows of ~100 bytes with quoted commas, doubled quotes, embedded newlines and non-ASCII",
                "text; the same rows for the same seed. Options marked * are required.",
                "",
                "Example (a million rows, about 95 MB):",
                "  csv-to-kafka generate --rows 1000000 --out sample.csv", ""})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "FILE", required = true, description = "file to write")
    Path out;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "1000000", description = "data rows (default ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--crlf", description = "end lines with CRLF instead of LF")
    boolean crlf;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long bytes = SampleCsv.write(out, rows, seed, crlf);
        spec.commandLine().getOut().printf("wrote %,d rows (%,d bytes) to %s%n", rows, bytes, out);
        return Main.OK;
    }
}
