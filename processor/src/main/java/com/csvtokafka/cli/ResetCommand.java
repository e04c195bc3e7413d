package com.csvtokafka.cli;

import com.csvtokafka.checkpoint.CheckpointStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "reset", mixinStandardHelpOptions = true, sortOptions = false, requiredOptionMarker = '*',
        description = {"Deletes a job's checkpoint so that the job id can start over from the first row.",
                "It does NOT delete anything from Kafka: records already sent stay in the topic, and a job that",
                "finds its own records in the partition resumes after them. To send a file again from scratch, use",
                "a new --job-id or a new (or emptied) topic. Refused while a runner holds the job's lease.",
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

    @Option(names = "--yes", description = "delete without asking (needed without a terminal)")
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
                            "pass --yes to delete the checkpoint of job " + jobId + " without asking");
                    return Main.USAGE;
                }
                out.printf("Delete the checkpoint of job %s in the %s? Kafka records are kept. [y/N] ", jobId, store.describe());
                out.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                    out.println("not reset");
                    return Main.FAILED;
                }
            }
            boolean deleted = store.delete(jobId);
            out.println(deleted ? "checkpoint of job " + jobId + " deleted" : "job " + jobId + " had no checkpoint");
            return Main.OK;
        } // a runner holding the lease: LeaseHeldException, exit 1 (Errors)
    }
}
