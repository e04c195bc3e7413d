package com.csvtokafka.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * One KRaft node (broker and controller) in a JVM of its own. Its ports and data directory stay the same
 * across stop/kill/restart, so clients and the other nodes find it again.
 *
 * <p>Layout under the stack's data directory: {@code <name>.log} (the JVM's stdout/stderr),
 * {@code <name>/server.log} (the broker's own logging), {@code <name>/data} (the log dir).
 */
final class KafkaNode {

    private static final String FORMAT_TOOL = "kafka.tools.StorageTool";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> SERVER_JVM = List.of(
            "-Xms128m", "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true");
    /** The format tool is a one-shot: a small heap and no optimizing compiler make it start faster. */
    private static final List<String> TOOL_JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final String name;
    private final Path stackDir;
    private final KafkaNodeConfig config;
    private final Launch launch;
    private ChildJvm jvm;

    KafkaNode(String name, Path stackDir, KafkaNodeConfig config, Launch launch) {
        this.name = name;
        this.stackDir = stackDir;
        this.config = config;
        this.launch = launch;
    }

    static Path logDir(Path stackDir, String name) {
        return stackDir.resolve(name).resolve("data");
    }

    /** The cluster id this node's storage was formatted with, if it was. */
    static Optional<String> formattedClusterId(Path logDir) {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        return Optional.ofNullable(properties.getProperty("cluster.id"));
    }

    int id() {
        return config.nodeId();
    }

    KafkaNodeConfig config() {
        return config;
    }

    private Path home() {
        return stackDir.resolve(name);
    }

    private Path serverProperties() {
        return home().resolve("server.properties");
    }

    Path processLog() {
        return stackDir.resolve(name + ".log");
    }

    List<Path> logs() {
        return List.of(home().resolve("server.log"), processLog());
    }

    /**
     * Writes the configuration and starts formatting the storage unless that was done before (a restart
     * of the CLI's stack keeps its topics). Returns the format tool's JVM to wait for, if one was started.
     */
    Optional<ChildJvm> prepare(String clusterId) {
        ConfigFiles.write(serverProperties(), config.render());
        ConfigFiles.write(home().resolve("log4j2.xml"), KafkaNodeConfig.log4j2(home().resolve("server.log"),
                config.authorizationLog()));
        if (formattedClusterId(config.logDir()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(ChildJvm.launch(spec(name + "-format", TOOL_JVM, FORMAT_TOOL,
                List.of("format", "--config", serverProperties().toString(), "--cluster-id", clusterId)),
                Launch.SUPERVISED));
    }

    /** Waits for the format tool started by {@link #prepare}, failing with its output if it failed. */
    static void awaitFormatted(ChildJvm format) {
        int exit = format.awaitExit(FORMAT_TIMEOUT);
        if (exit != 0) {
            throw new LocalStackException("formatting Kafka storage failed (" + FORMAT_TOOL + " exited with "
                    + exit + ")" + LogTail.describe(List.of(format.spec().log()), 30));
        }
    }

    ChildJvm start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running (pid " + jvm.pid() + ")");
        }
        jvm = ChildJvm.launch(spec(name, SERVER_JVM, "kafka.Kafka", List.of(serverProperties().toString())),
                launch);
        return jvm;
    }

    private JvmSpec spec(String component, List<String> options, String main, List<String> args) {
        List<String> jvmOptions = new ArrayList<>(options);
        jvmOptions.add("-Dlog4j2.configurationFile=" + home().resolve("log4j2.xml"));
        jvmOptions.add("-Dkafka.logs.dir=" + home());
        return new JvmSpec(new ProcessMarker(component, stackDir), RuntimeClasspath.of("kafka"), jvmOptions, main,
                args, stackDir, processLog());
    }

    boolean isRunning() {
        return jvm != null && jvm.isAlive();
    }

    Optional<ChildJvm> jvm() {
        return isRunning() ? Optional.of(jvm) : Optional.empty();
    }

    void stop(Duration grace) {
        if (jvm != null) {
            jvm.stop(grace);
        }
    }

    void kill() {
        if (jvm != null) {
            jvm.kill();
        }
    }
}
