package com.csvtokafka.cli;

import com.csvtokafka.tools.SampleCsv;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a sample CSV for trying the tool out and for benchmarks: a header and N rows of ~100",
                "bytes with quoted commas, doubled quotes, embedded newlines and non-ASCII text. Deterministic per seed."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "1000000", description = "data rows (default ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--out", required = true, description = "file to write")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
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
