package com.csvtokafka.it.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the AWS CLI: the sandbox ITs drive AWS exactly the way the stacks' printed commands tell a user to, and
 * need no SDK clients beyond what the processor already brings.
 */
final class AwsCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsCli() {
    }

    record Result(int exitCode, String stdout, String stderr) {
        JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + stdout, e);
            }
        }
    }

    static boolean installed() {
        try {
            return run(Duration.ofSeconds(30), List.of("aws", "--version")).exitCode() == 0;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** {@code aws ARGS --output json}; fails the test on a non-zero exit. */
    static JsonNode json(String... args) {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        command.addAll(List.of("--output", "json"));
        Result result = run(Duration.ofMinutes(5), command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + result.exitCode() + "): "
                    + result.stderr());
        }
        return result.json();
    }

    /** {@code aws ARGS} for commands that print no JSON; fails the test on a non-zero exit. */
    static void ok(String... args) {
        List<String> command = new ArrayList<>(List.of("aws"));
        command.addAll(List.of(args));
        Result result = run(Duration.ofMinutes(10), command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + result.exitCode() + "): "
                    + result.stderr());
        }
    }

    /** A printed command as a user would paste it into a shell. */
    static Result shell(String commandLine) {
        return run(Duration.ofMinutes(5), List.of("bash", "-c", commandLine));
    }

    static Result run(Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("aws", ".out");
            Path err = Files.createTempFile("aws", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
