package com.csvtokafka.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end against a deployed sandbox: uploads a generated CSV to the sandbox bucket, starts a job with the
 * compute stack's own printed command (-Dsandbox.compute=fargate|batch|ec2, default fargate), waits for it,
 * checks the checkpoint and the topic, and shows that a rerun of the completed job sends nothing.
 *
 * <p>Needs the AWS CLI, credentials, and SandboxStack + CheckpointStack + the compute stack deployed with the
 * default context (docs/deploy.md). Without them every test is skipped.
 */
class SandboxTransferIT {

    private static final int ROWS = 20_000;
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(45);

    private static Compute compute;
    private static DeployedSandbox sandbox;
    private static String runId;
    private static String sourceUri;
    private static String topic;

    enum Compute {
        FARGATE("FargateStack", "RunTaskCommand"),
        BATCH("BatchSpotStack", "SubmitJobCommand"),
        EC2("Ec2SpotStack", "RunInstancesCommand");

        final String stack;
        final String commandOutput;

        Compute(String stack, String commandOutput) {
            this.stack = stack;
            this.commandOutput = commandOutput;
        }
    }

    /** Per test rather than @BeforeAll, so a skip is reported with its reason. */
    @BeforeEach
    void requireDeployedSandbox() throws IOException {
        compute = Compute.valueOf(System.getProperty("sandbox.compute", "fargate").toUpperCase(Locale.ROOT));
        sandbox = DeployedSandbox.require("SandboxStack", "CheckpointStack", compute.stack);

        runId = "it-" + Instant.now().getEpochSecond();
        topic = "csv-to-kafka-" + runId;
        sourceUri = "s3://" + sandbox.output("SandboxStack", "BucketName") + "/input/" + runId + ".csv";
        Path csv = Files.createTempFile(runId, ".csv");
        writeCsv(csv, ROWS);
        AwsCli.ok("s3", "cp", "--only-show-errors", csv.toString(), sourceUri);
    }

    @AfterAll
    static void removeSource() {
        if (sourceUri != null) {
            AwsCli.run(Duration.ofMinutes(1), List.of("aws", "s3", "rm", "--only-show-errors", sourceUri));
        }
    }

    @Test
    void transfersEveryRowOnceAndARerunSendsNothing() {
        runJob(jobCommand());
        JsonNode checkpoint = checkpoint();
        assertThat(checkpoint.path("status").path("S").asText()).isEqualTo("COMPLETED");
        assertThat(checkpoint.path("last_line").path("N").asLong()).isEqualTo(ROWS);
        assertThat(checkpoint.path("total_sent").path("N").asLong()).isEqualTo(ROWS);

        if (compute == Compute.FARGATE || DeployedSandbox.deployed(Compute.FARGATE.stack)) {
            verifyTopicWithAFargateTask();
        }

        runJob(jobCommand());
        assertThat(checkpoint().path("total_sent").path("N").asLong()).as("a rerun sends nothing").isEqualTo(ROWS);
    }

    /**
     * The stack's printed command with this run's object, topic and job id in place of the demo values (the printed
     * source is the sandbox's whole input/ prefix).
     */
    private static String jobCommand() {
        String printed = sandbox.output(compute.stack, compute.commandOutput);
        String demoSource = printedSource();
        assertThat(printed).contains(demoSource, "csv-to-kafka-demo");
        return printed.replace(demoSource, "\"" + sourceUri + "\"")
                .replace("csv-to-kafka-demo", topic)
                .replace("\"value\":\"demo\"", "\"value\":\"" + runId + "\"")
                .replace("\"Value\":\"demo\"", "\"Value\":\"" + runId + "\"")
                + " --output json";
    }

    /** The source value in the printed commands (JSON string, quotes included): the sandbox's input/ prefix. */
    private static String printedSource() {
        return "\"s3://" + sandbox.output("SandboxStack", "BucketName") + "/input/\"";
    }

    private static void runJob(String command) {
        AwsCli.Result started = AwsCli.shell(command);
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        JsonNode json = started.json();
        switch (compute) {
            case FARGATE -> assertThat(waitForTask(json.path("tasks").path(0).path("taskArn").asText()))
                    .as("processor exit code").isZero();
            case BATCH -> assertThat(waitForBatchJob(json.path("jobId").asText())).isEqualTo("SUCCEEDED");
            case EC2 -> waitForInstanceTermination(json.path("Instances").path(0).path("InstanceId").asText());
        }
    }

    private static void verifyTopicWithAFargateTask() {
        String printed = sandbox.output(Compute.FARGATE.stack, Compute.FARGATE.commandOutput);
        String verify = printed.replace(printedSource(), "\"" + sourceUri + "\"")
                .replace("csv-to-kafka-demo", topic)
                .replace("\"value\":\"demo\"", "\"value\":\"" + runId + "\"")
                .replace("\"environment\":[", "\"command\":[\"verify\"],\"environment\":[")
                + " --output json";
        AwsCli.Result started = AwsCli.shell(verify);
        assertThat(started.exitCode()).as(started.stderr()).isZero();
        assertThat(waitForTask(started.json().path("tasks").path(0).path("taskArn").asText()))
                .as("`csv-to-kafka verify` exit code: the topic holds every row once, in order").isZero();
    }

    private static int waitForTask(String taskArn) {
        String cluster = sandbox.output(Compute.FARGATE.stack, "ClusterName");
        JsonNode task = await("ECS task " + taskArn, () -> {
            JsonNode t = AwsCli.json("ecs", "describe-tasks", "--cluster", cluster, "--tasks", taskArn)
                    .path("tasks").path(0);
            return "STOPPED".equals(t.path("lastStatus").asText()) ? t : null;
        });
        JsonNode container = task.path("containers").path(0);
        assertThat(container.has("exitCode")).as("task stopped without an exit code: " + task.path("stoppedReason"))
                .isTrue();
        return container.path("exitCode").asInt();
    }

    private static String waitForBatchJob(String jobId) {
        return await("Batch job " + jobId, () -> {
            String status = AwsCli.json("batch", "describe-jobs", "--jobs", jobId)
                    .path("jobs").path(0).path("status").asText();
            return status.equals("SUCCEEDED") || status.equals("FAILED") ? status : null;
        });
    }

    private static void waitForInstanceTermination(String instanceId) {
        await("EC2 instance " + instanceId, () -> {
            String state = AwsCli.json("ec2", "describe-instances", "--instance-ids", instanceId)
                    .path("Reservations").path(0).path("Instances").path(0).path("State").path("Name").asText();
            return state.equals("terminated") ? state : null;
        });
    }

    private static JsonNode checkpoint() {
        String table = sandbox.output("CheckpointStack", "CheckpointTableName");
        return AwsCli.json("dynamodb", "get-item", "--table-name", table, "--consistent-read",
                "--key", "{\"job_id\":{\"S\":\"" + runId + "\"}}").path("Item");
    }

    private static <T> T await(String what, Supplier<T> poll) {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            T value = poll.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError(what + " did not finish within " + JOB_TIMEOUT);
    }

    /** Rows with a quoted delimiter, an escaped quote and an embedded newline now and then (RFC 4180). */
    private static void writeCsv(Path file, int rows) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,name,note\n");
            for (int row = 1; row <= rows; row++) {
                String note = row % 1000 == 0 ? "\"multi\nline, \"\"quoted\"\"\"" : "plain";
                out.write(row + ",name-" + row + "," + note + "\n");
            }
        }
    }
}
