package com.csvtokafka.it.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.CsvData;
import com.csvtokafka.it.Processor;
import com.csvtokafka.it.SharedStack;
import com.csvtokafka.it.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as ECS and Batch run it: built by {@code bin/image} from {@code processor/Dockerfile} on a Java
 * 17 base made from Debian's packages (no registry is reachable here), run by podman as the platforms run it — the
 * image's own entrypoint and command, configured by environment variables only, in a 512 MB container — against the
 * real local Kafka, S3Proxy and DynamoDB Local on the host's network.
 *
 * <p>Needs podman and mmdebstrap (Debian packages; {@code .ci/run} installs them). Without them the test is skipped,
 * except in CI ({@code CI=true}), where it fails.
 */
class ImageIT {
    private static final String TAG = "localhost/csv-to-kafka:it";
    private static final long STOP_TIMEOUT_SECONDS = 120; // ECS's longest stopTimeout, our stacks' setting

    @TempDir
    Path dir;

    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void buildImage() throws Exception {
        Podman.requireTools(System.getenv());
        Path jar = Path.of(System.getProperty("processor.jar", "../processor/target/csv-to-kafka.jar")).toAbsolutePath();
        Path root = jar.getParent().getParent().getParent().normalize();
        String printed = Podman.exec(List.of(root.resolve("bin/image").toString(), "--engine", "podman",
                "--debian-base", "--tag", TAG), Podman.imageEnvironment(), Duration.ofMinutes(10));
        assertThat(printed.strip()).as("bin/image prints the tag it built").isEqualTo(TAG);
    }

    @AfterEach
    void removeContainers() {
        containers.forEach(Podman::removeQuietly);
    }

    @Test
    void movesAnS3PrefixAsNonRootIn512MbStopsWithExit3AndTheRerunCompletesExactly() throws Exception {
        SharedStack.get().s3().createBucket("image");
        List<List<String>> parts = new ArrayList<>();
        CsvData data = CsvData.generate(60_000, 61);
        for (int p = 0; p < 3; p++) {
            List<String> rows = data.rows.subList(p * 20_000, (p + 1) * 20_000);
            Path file = CsvData.of(CsvData.HEADER, rows, "\n", true).write(dir, "part-" + p + ".csv");
            SharedStack.get().s3().putObject("image", "export/part-" + p + ".csv", file);
            parts.add(rows);
        }
        SharedStack.get().kafka().createTopic("image", 1);
        Map<String, String> env = new LinkedHashMap<>(SharedStack.environment());
        env.putAll(Map.of("SOURCE_URI", "s3://image/export/", "KAFKA_TOPIC", "image", "JOB_ID", "image",
                "CHECKPOINT_TABLE", "image-it", "CREATE_TABLE", "true", "FORMAT", "csv", "EVENTS", "-",
                "TRANSACTION_ROWS", "2000", "MAX_ROWS_PER_SECOND", "8000"));
        // what the JVM says about its memory and its class-data-sharing archive, on stderr (stdout has the events)
        env.put("JAVA_TOOL_OPTIONS", "-Xlog:gc+init,cds,class+load=info:stderr");

        Instant firstStart = Instant.now();
        String first = "csv-to-kafka-it-" + UUID.randomUUID();
        Processor running = start(first, env);
        assertThat(running.awaitEvent("committed", 120)).as(running.output()).isTrue();

        long pid = Long.parseLong(Podman.run(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Pid}}", first).strip());
        assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("Uid:")))
                .as("the container's process runs as uid 10001 (real, effective, saved, file system)")
                .containsExactly("Uid:\t10001\t10001\t10001\t10001");
        String limit = Podman.run(Duration.ofSeconds(30), "exec", first, "sh", "-c",
                "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes").strip();
        assertThat(limit).as("the container's cgroup memory limit").isEqualTo(Long.toString(512L << 20));

        Instant stopAt = Instant.now();
        Podman.run(Duration.ofSeconds(STOP_TIMEOUT_SECONDS + 30), "stop", "--time", Long.toString(STOP_TIMEOUT_SECONDS), first);
        Processor.Result stopped = running.await(30);
        Duration stopTook = Duration.between(stopAt, Instant.now());
        System.out.println("image: podman stop took " + stopTook.toMillis() + " ms; " + stopped.events().describe("stopped"));
        assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(3);
        assertThat(stopTook).as("ended within the stop timeout").isLessThan(Duration.ofSeconds(STOP_TIMEOUT_SECONDS));
        assertThat(stopped.events().stoppedCommitted()).as(stopped.output()).contains(true);
        assertThat(stopped.output()).as("the JVM saw the container's limit and took half of it as heap")
                .contains("[gc,init] Memory: 512M").contains("[gc,init] Heap Max Capacity: 256M");
        assertUsesTheCdsArchive(stopped.output());
        int sentBeforeStop = Topic.raw("image", 0).size();
        assertThat(sentBeforeStop).as("stopped mid-run").isBetween(1, data.rows.size() - 1);

        Instant secondStart = Instant.now();
        Processor rerun = start("csv-to-kafka-it-" + UUID.randomUUID(), env);
        Processor.Result done = rerun.await(300);
        assertThat(done.exitCode()).as(done.output()).isZero();
        assertThat(done.events().resumedFromKafka()).as(done.output()).isTrue();
        assertThat(done.events().completedNow()).as(done.output()).isTrue();
        assertUsesTheCdsArchive(done.output());

        Topic.assertPartsExactlyOnce("image", parts);

        List<ConsumerRecord<byte[], byte[]>> records = Topic.raw("image", 0);
        System.out.printf("image: first row %.2f s after podman run; after the restart, %.2f s%n",
                secondsBetween(firstStart, records.get(0).timestamp()),
                secondsBetween(secondStart, records.get(sentBeforeStop).timestamp()));
    }

    /**
     * The entrypoint's {@code -XX:+CrashOnOutOfMemoryError -XX:-CreateCoredumpOnCrash}: the JVM ends at the first
     * OutOfMemoryError with status 1 (failed; not 3, which would have Batch run it again, and not the 134 of an
     * abort, which needs core dumps on). A row of 24 MB with the heap capped at 16 MB runs out of memory for sure.
     */
    @Test
    void anOutOfMemoryErrorEndsTheContainerWithStatus1() throws Exception {
        SharedStack.get().s3().createBucket("image-oom");
        byte[] row = new byte[24 << 20];
        Arrays.fill(row, (byte) 'a');
        Path file = dir.resolve("wide.csv");
        Files.write(file, (CsvData.HEADER + "\n1,wide,").getBytes(StandardCharsets.UTF_8));
        Files.write(file, row, StandardOpenOption.APPEND);
        SharedStack.get().s3().putObject("image-oom", "wide.csv", file);
        SharedStack.get().kafka().createTopic("image-oom", 1);
        Map<String, String> env = new LinkedHashMap<>(SharedStack.environment());
        env.putAll(Map.of("SOURCE_URI", "s3://image-oom/wide.csv", "KAFKA_TOPIC", "image-oom", "JOB_ID", "image-oom",
                "CHECKPOINT_TABLE", "image-it", "CREATE_TABLE", "true", "FORMAT", "csv", "EVENTS", "-",
                "JAVA_TOOL_OPTIONS", "-Xmx16m"));
        Podman.Ended ended = Podman.execute(containerCommand("csv-to-kafka-it-" + UUID.randomUUID(), env), Map.of(),
                Duration.ofMinutes(2));
        String output = ended.stderr() + "--- stdout:\n" + ended.stdout();
        // the JVM's own words (its crash report goes to stdout, after the events; "Java heap space" or "GC overhead
        // limit exceeded", whichever comes first)
        assertThat(output).contains("Aborting due to java.lang.OutOfMemoryError");
        assertThat(ended.stdout()).as(output).contains("fatal error: OutOfMemory encountered")
                .contains("CreateCoredumpOnCrash turned off, no core file dumped");
        assertThat(ended.exitCode()).as(output).isEqualTo(1);
        assertThat(ended.stdout().lines().filter(l -> l.startsWith("{") && l.contains("\"event\":\"failed\"")))
                .as("the JVM ended, not the processor: no failed event").isEmpty();
        assertThat(Topic.readCommitted("image-oom", 0)).isEmpty();
    }

    private Processor start(String name, Map<String, String> env) throws IOException {
        return Processor.startCommand(dir, containerCommand(name, env));
    }

    /** {@code podman run} of the image as ECS runs it: its entrypoint and command, configured by {@code env}. */
    private List<String> containerCommand(String name, Map<String, String> env) throws IOException {
        containers.add(name);
        List<String> command = Podman.command("run", "--rm", "--name", name, "--network", "host", "--memory", "512m");
        command.addAll(Podman.ulimits());
        env.forEach((k, v) -> command.addAll(List.of("--env", k + "=" + v)));
        command.add(TAG);
        return command;
    }

    /** The JVM mapped the image's archive and took the processor's own classes from it, with no CDS warning. */
    private static void assertUsesTheCdsArchive(String output) {
        assertThat(output).contains("Opened archive /app/csv-to-kafka.jsa.")
                .contains("com.csvtokafka.cli.Main source: shared objects file")
                .doesNotContain("[warning][cds").doesNotContain("[error][cds");
        // lambdas and other hidden classes are made at run time: a static archive cannot hold them
        List<String> loaded = output.lines().filter(l -> l.contains("[class,load] com.csvtokafka.") && !l.contains("$$Lambda"))
                .toList();
        List<String> notShared = loaded.stream().filter(l -> !l.contains("source: shared objects file"))
                .map(l -> l.replaceAll(".*\\[class,load\\] (\\S+).*", "$1")).toList();
        System.out.println("image: " + (loaded.size() - notShared.size()) + " of the " + loaded.size()
                + " processor classes loaded came from the CDS archive; not in it: " + notShared);
        // a class list that names classes since renamed leaves them out of the archive: each costs load time at
        // every start (half of them were out before the list was last refreshed)
        assertThat(notShared.size()).as("processor classes loaded outside the CDS archive, of " + loaded.size()
                        + ": refresh processor/src/main/cds/classes.lst (docs/performance.md, \"Resume cost\"): " + notShared)
                .isLessThanOrEqualTo(loaded.size() / 4);
    }

    private static double secondsBetween(Instant from, long epochMillis) {
        return (epochMillis - from.toEpochMilli()) / 1000.0;
    }
}
