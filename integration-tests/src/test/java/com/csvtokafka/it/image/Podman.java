package com.csvtokafka.it.image;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The podman command line as the image IT uses it: rootful, no daemon. Where {@code /usr/sbin/runc} exists it is the
 * OCI runtime (crun cannot run containers under this machine kind's cgroup v1 set-up), and every container gets
 * explicit file and process limits, as podman's defaults (a million open files) exceed the hard limits here and the
 * runtime refuses them.
 */
final class Podman {
    private static final Path RUNC = Path.of("/usr/sbin/runc");

    private Podman() {
    }

    /**
     * Returns when podman and mmdebstrap are on {@code env}'s PATH. Otherwise it aborts the calling test (a skip,
     * with the command that installs them), except in CI ({@code CI=true}), where a test that did not run must not
     * look like a pass: there it fails.
     */
    static void requireTools(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("podman", "mmdebstrap")) {
            if (!onPath(tool, env.getOrDefault("PATH", ""))) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String why = "the container image test needs " + String.join(" and ", missing)
                + " on the PATH: apt-get install podman runc mmdebstrap";
        if ("true".equals(env.get("CI"))) {
            Assertions.fail(why + " (CI=true: in CI this is a failure, not a skip; .ci/run installs them)");
        }
        Assumptions.abort(why + " (skipped)");
    }

    private static boolean onPath(String tool, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** {@code podman [--runtime runc] args...} */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        if (Files.isExecutable(RUNC)) {
            command.addAll(List.of("--runtime", RUNC.toString()));
        }
        command.addAll(List.of(args));
        return command;
    }

    /** The environment for {@code bin/image}: the same OCI runtime for its build steps. */
    static Map<String, String> imageEnvironment() {
        return Files.isExecutable(RUNC) ? Map.of("PODMAN_RUNTIME", RUNC.toString()) : Map.of();
    }

    /**
     * {@code --ulimit nofile=N:N --ulimit nproc=N:N}: at most this process's own hard limits, and capped well below
     * them (the runtime refused an nproc of 65536 under a hard limit of 96367 here); the processor needs some
     * hundred files and threads.
     */
    static List<String> ulimits() throws IOException {
        long files = 16_384;
        long processes = 4_096;
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                files = Math.min(files, hardLimit(line, files));
            } else if (line.startsWith("Max processes")) {
                processes = Math.min(processes, hardLimit(line, processes));
            }
        }
        return List.of("--ulimit", "nofile=" + files + ":" + files, "--ulimit", "nproc=" + processes + ":" + processes);
    }

    /** The hard limit column of a {@code /proc/self/limits} line ({@code unlimited} gives {@code otherwise}). */
    private static long hardLimit(String line, long otherwise) {
        String[] words = line.substring(26).trim().split("\\s+");
        return words[1].equals("unlimited") ? otherwise : Long.parseLong(words[1]);
    }

    /** Runs a podman command to its end; returns its standard output, or fails naming the command and its output. */
    static String run(Duration timeout, String... args) throws IOException, InterruptedException {
        return exec(command(args), Map.of(), timeout);
    }

    /** Runs {@code command}; returns its standard output, or fails naming the command and its error output. */
    static String exec(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Ended ended = execute(command, env, timeout);
        if (ended.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + ended.exitCode() + ":\n" + ended.stderr());
        }
        return ended.stdout();
    }

    /** How a command ended: its exit code and what it printed. */
    record Ended(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code command} to its end, whatever its exit code; fails if it takes longer than {@code timeout}. */
    static Ended execute(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("podman-", ".out");
        Path err = Files.createTempFile("podman-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not end within " + timeout + ":\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Ended(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Removes the container {@code name} whatever its state; nothing if there is none. */
    static void removeQuietly(String name) {
        try {
            exec(command("rm", "--force", "--ignore", "--time", "0", name), Map.of(), Duration.ofSeconds(60));
        } catch (IOException | InterruptedException | AssertionError e) {
            System.err.println("could not remove container " + name + ": " + e.getMessage());
        }
    }
}
