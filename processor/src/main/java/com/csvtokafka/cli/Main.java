package com.csvtokafka.cli;

import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code csv-to-kafka}: the command line (README "Usage"; docs/architecture.md). Exit codes: 0 done, 1 failed, 2 usage, 3 interrupted. */
@Command(name = "csv-to-kafka", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {RunCommand.class, StatusCommand.class, VerifyCommand.class, ResetCommand.class,
                GenerateCommand.class, InferSchemaCommand.class, CommandLine.HelpCommand.class},
        description = {
                "Moves a CSV file from S3 or local disk into one Kafka partition, in exact row order, exactly once,",
                "resumable after any crash (it resumes at the byte where the last committed transaction ended).",
                "",
                "Every option also comes from an environment variable (named in each option's help); flags win.",
                "In each command's help, * marks a required option (given as a flag or through its environment variable)."},
        footer = {"", "Exit codes: 0 complete · 1 failed (the message names row and byte offset) · 2 usage or "
                + "configuration error · 3 stopped by a signal after a clean commit (run again to resume).",
                "Errors are one line on stderr starting with `error:`, and a second line saying what to do where there "
                        + "is something to do; LOG_LEVEL=DEBUG adds the stack trace.",
                "", "Start with:  csv-to-kafka run --help"})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int INTERRUPTED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        LogManager.shutdown();
        System.exit(code);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setUsageHelpWidth(110);
        cli.setParameterExceptionHandler(Errors::usage);
        cli.setExecutionExceptionHandler(Errors::failure);
        new GroupedOptionList(RunCommand.HELP_GROUPS).install(cli.getSubcommands().get("run"));
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"csv-to-kafka " + (v == null ? "dev" : v)};
        }
    }
}
