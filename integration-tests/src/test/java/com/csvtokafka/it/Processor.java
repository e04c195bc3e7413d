package com.csvtokafka.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The processor as its own JVM ({@code java -jar csv-to-kafka.jar ...}), as users and the platforms run it. */
public final class Processor {
    private static final Path JAR = Path.of(System.getProperty("processor.jar", "../processor/target/csv-to-kafka.jar"));

    private final Process process;
    private final Path log;
    private final Path events;

    private Processor(Process process, Path log, Path events) {
        this.process = process;
        this.log = log;
        this.events = events;
    }

    public static Processor start(Path workDir, Map<String, String> env, String... args) throws IOException {
        return start(workDir, env, List.of("-Xmx256m"), args);
    }

    /** As {@link #start(Path, Map, String...)} with these JVM options instead of the default {@code -Xmx256m}. */
    public static Processor start(Path workDir, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(workDir, "processor-", ".log");
        Path events = Files.createTempFile(workDir, "processor-", ".events.jsonl");
        if (args.length > 0 && args[0].equals("run") && !List.of(args).contains("--events")) {
            command.addAll(List.of("--events", events.toAbsolutePath().toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new Processor(builder.start(), log, events);
    }

    /** Runs to the end and returns the exit code; fails the test if it takes longer than {@code seconds}. */
    public static Result run(Path workDir, Map<String, String> env, long seconds, String... args) throws Exception {
        Processor p = start(workDir, env, args);
        return p.await(seconds);
    }

    public Result await(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("processor did not finish within " + seconds + " s; output:\n" + output());
        }
        return new Result(process.exitValue(), output(), events());
    }

    /** The run's events so far (see {@link Events}); empty for subcommands other than {@code run}. */
    public Events events() {
        return Events.read(events);
    }

    /** Waits until the run has emitted {@code event} (or the process ends); true when it did. */
    public boolean awaitEvent(String event, long seconds) throws InterruptedException {
        return awaitCondition(() -> events().has(event), seconds);
    }

    /** Waits until the output contains {@code text} (or the process ends); true when it appeared. */
    public boolean awaitOutput(String text, long seconds) throws Exception {
        return awaitCondition(() -> output().contains(text), seconds);
    }

    public boolean awaitCondition(BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                return condition.getAsBoolean();
            }
            Thread.sleep(5);
        }
        return false;
    }

    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The JVM's pid, for signals the Process API does not send (SIGSTOP, SIGCONT). */
    public long pid() {
        return process.pid();
    }

    public void sigterm() {
        process.destroy(); // SIGTERM on Linux
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** @param output what the processor printed, for messages shown to users and for diagnosis */
    public record Result(int exitCode, String output, Events events) {
    }
}
