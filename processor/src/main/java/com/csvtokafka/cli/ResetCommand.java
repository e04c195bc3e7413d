package com.csvtokafka.cli;

import com.csvtokafka.checkpoint.Checkpoint;
import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.recovery.StartOver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "reset", mixinStandardHelpOptions = true, sortOptions = false, requiredOptionMarker = '*',
        description = {"Starts a job over: its next run sends every row again, from the first.",
                "It deletes the job's checkpoint and records a new generation of the job; the next run ignores",
                "what earlier generations sent. It does NOT delete anything from Kafka: their records stay in the",
                "topic, so the topic then holds both the earlier and the new rows (for the new rows alone, use a new",
                "topic, or a new --job-id and topic). Refused while a runner holds the job's lease.",
                "It asks for confirmation on the terminal; without a terminal (scripts, containers) it needs --yes.",
                "Options marked * are required, as a flag or through their environment variable.",
                "",
                "Example (asks first):",
                "  csv-to-kafka reset --job-id rows-1",
                "Example (DynamoDB checkpoint, from a script):",
                "  csv-to-kafka reset --job-id big-1 --checkpoint-table csv-to-kafka-checkpoints --yes", ""})
final class ResetCommand implements Callable<Integer> {
    @Mixin CheckpointOptions checkpoint;

    @Option(names = "--region", paramLabel = "R", defaultValue = "${env:AWS_REGION}",
            description = "AWS region of the checkpoint table (env AWS_REGION); default: the SDK's chain")
    String region;

    @Option(names = "--yes", description = "reset without asking (needed without a terminal)")
    boolean yes;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String jobId = checkpoint.requireJobId();
        PrintWriter out = spec.commandLine().getOut();
        try (CheckpointStore store = checkpoint.open(region)) {
            if (!yes) {
                if (System.console() == null) {
                    Errors.print(spec.commandLine().getErr(), "not reset: there is no terminal to confirm on",
                            "pass --yes to reset job " + jobId + " without asking");
                    return Main.USAGE;
                }
                out.printf("Start job %s over from its first row (checkpoint in the %s)? Kafka records are kept. "
                        + "[y/N] ", jobId, store.describe());
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                    out.println("not reset");
                    return Main.FAILED;
                }
            }
            Optional<Checkpoint> before = store.load(jobId);
            store.reset(jobId);
            out.println("job " + jobId + " reset: its next run starts over from the first row" + before
                    .filter(c -> c.totalSent() > 0)
                    .map(c -> "; the " + StartOver.records(c.totalSent()) + " it sent stay in topic " + c.topic()
                            + ", which will then hold both the earlier and the new rows")
                    .orElse(""));
            return Main.OK;
        } // a runner holding the lease: LeaseHeldException, exit 1 (Errors)
    }
}
