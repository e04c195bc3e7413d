package com.csvtokafka.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The processor as its own JVM ({@code java -jar csv-to-kafka.jar ...}), as users and the platforms run it. A
 * {@code run} gets {@code --events FILE}: tests follow it with {@link #events()} and {@link #awaitEvent}, and assert
 * on events and the exit code; {@link #output()} (the log) is for people reading a failed test, never matched.
 */
public final class Processor {
    private static final Path JAR = Path.of(System.getProperty("processor.jar", "../processor/target/csv-to-kafka.jar"));

    private final Process process;
    private final Path log;
    private final Path stdout;
    private final EventTail events;

    private Processor(Process process, Path log, Path stdout, Path events) {
        this.process = process;
        this.log = log;
        this.stdout = stdout;
        this.events = new EventTail(events);
    }

    public static Processor start(Path workDir, Map<String, String> env, String... args) throws IOException {
        return start(workDir, env, List.of("-Xmx256m"), args);
    }

    /** As {@link #start(Path, Map, String...)} with these JVM options instead of the default {@code -Xmx256m}. */
    public static Processor start(Path workDir, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(jvmOptions);
        command.addAll(ClassArchive.OPTIONS);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(workDir, "processor-", ".log");
        Path stdout = Files.createTempFile(workDir, "processor-", ".out");
        Path events = Files.createTempFile(workDir, "processor-", ".events.jsonl");
        if (args.length > 0 && args[0].equals("run") && !List.of(args).contains("--events")) {
            command.addAll(List.of("--events", events.toAbsolutePath().toString()));
        }
        // the log (stderr) apart from stdout, which is the interface of status --json and verify --json
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(log.toFile()).redirectOutput(stdout.toFile());
        builder.environment().putAll(env);
        return new Processor(builder.start(), log, stdout, events);
    }

    /**
     * The processor as another program runs it ({@code podman run IMAGE}): {@code command} is run as it is, and the
     * processor in it must write its events to standard output ({@code --events -} or env {@code EVENTS=-}).
     */
    public static Processor startCommand(Path workDir, List<String> command) throws IOException {
        Path log = Files.createTempFile(workDir, "processor-", ".log");
        Path stdout = Files.createTempFile(workDir, "processor-", ".events.jsonl");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(log.toFile()).redirectOutput(stdout.toFile()).start();
        return new Processor(process, log, stdout, stdout);
    }

    /** Runs to the end and returns the exit code; fails the test if it takes longer than {@code seconds}. */
    /**
     * The arguments of {@code run}: {@code source} into {@code topic} of the shared stack's broker as job {@code job},
     * with checkpoints in {@code checkpointDir}, then {@code more}.
     */
    public static String[] runArgs(Path checkpointDir, Path source, String topic, String job, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--source", source.toString(), "--topic", topic,
                "--job-id", job, "--bootstrap-servers", SharedStack.bootstrap(),
                "--checkpoint-dir", checkpointDir.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    public static Result run(Path workDir, Map<String, String> env, long seconds, String... args) throws Exception {
        Processor p = start(workDir, env, args);
        return p.await(seconds);
    }

    public Result await(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("processor did not finish within " + seconds + " s; output:\n" + output());
        }
        return new Result(process.exitValue(), output(), events(), stdout());
    }

    /** The run's events so far (see {@link Events}); empty for subcommands other than {@code run}. */
    public Events events() {
        return events.read();
    }

    /** Waits until the run has emitted {@code event} (or the process ends); true when it did. */
    public boolean awaitEvent(String event, long seconds) throws InterruptedException {
        return awaitCondition(() -> events().has(event), seconds);
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

    /**
     * Starts {@code args} up to {@code runs} times, each run killed with kill -9 at a random moment: once it reported
     * {@code event}, after 200 ms to 2.2 s more. Stops early at a run that does not reach the event in 60 s or ends
     * by itself. Returns what each killed run did (its {@code resumed} and {@code committed} events), one line each.
     */
    public static List<String> killedRuns(Path workDir, Map<String, String> env, String[] args, int runs, String event,
                                          Random random) throws IOException, InterruptedException {
        List<String> killed = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Processor p = start(workDir, env, args);
            if (!p.awaitEvent(event, 60)) {
                break;
            }
            Thread.sleep(200 + random.nextInt(2000));
            if (!p.alive()) {
                break;
            }
            p.kill9();
            killed.add("killed run " + i + ": " + p.events().describe("resumed", "committed"));
        }
        return killed;
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

    /** What the processor printed (its log, then its standard output if any): for diagnosis, never matched. */
    public String output() {
        String out = stdout();
        return read(log) + (out.isEmpty() ? "" : "--- stdout:\n" + out);
    }

    /** Its standard output alone: the interface of {@code status --json} and {@code verify --json}. */
    public String stdout() {
        return read(stdout);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /**
     * The class-data-sharing archive of the jar, made by {@code bin/cds-archive} as {@code bin/csv-to-kafka} makes
     * it (the image makes its own from the same class list): made once per test JVM, with this JVM's java, it saves
     * each processor about a second of class loading. If it cannot be made, processors run without one, as with
     * {@code CSV_TO_KAFKA_CDS=off}.
     */
    private static final class ClassArchive {
        static final List<String> OPTIONS = make();

        private static List<String> make() {
            Path script = Path.of(System.getProperty("cds.archive.script", "../bin/cds-archive"));
            Path archive = JAR.toAbsolutePath().resolveSibling("csv-to-kafka-it.jsa");
            try {
                ProcessBuilder builder = new ProcessBuilder(script.toAbsolutePath().toString(),
                        JAR.toAbsolutePath().toString(), archive.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                String javaHomeBin = Path.of(javaBin()).getParent().toString();
                builder.environment().merge("PATH", javaHomeBin, (path, bin) -> bin + ":" + path);
                Process dump = builder.start();
                if (dump.waitFor(120, TimeUnit.SECONDS) && dump.exitValue() == 0) {
                    return List.of("-XX:SharedArchiveFile=" + archive);
                }
                dump.destroyForcibly();
                System.err.println("processors run without a class-data-sharing archive: bin/cds-archive failed");
            } catch (IOException e) {
                System.err.println("processors run without a class-data-sharing archive: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * @param output what the processor printed: for diagnosis in assertion messages, and the user interface of the
     *               subcommands without events ({@code status}, {@code verify}, {@code reset})
     * @param events what a {@code run} reported (empty for other subcommands)
     * @param stdout its standard output alone: the interface of {@code status --json} and {@code verify --json}
     */
    public record Result(int exitCode, String output, Events events, String stdout) {
    }

    /** Reads the events file incrementally: only the lines added since the last read, and only complete lines. */
    private static final class EventTail {
        private final Path file;
        private final List<JsonNode> events = new ArrayList<>();
        private long position;

        EventTail(Path file) {
            this.file = file;
        }

        synchronized Events read() {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size > position) {
                    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - position));
                    while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
                        // read up to the size seen
                    }
                    byte[] bytes = buffer.array();
                    int end = buffer.position();
                    while (end > 0 && bytes[end - 1] != '\n') {
                        end--; // a line still being written waits for the next read
                    }
                    for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                        JsonNode event = Events.parse(line);
                        if (event != null) {
                            events.add(event);
                        }
                    }
                    position += end;
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // not created yet
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Events(events);
        }
    }
}
