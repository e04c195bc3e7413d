package com.csvtokafka.it;

import com.csvtokafka.localstack.child.ChildMain;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * A real Apicurio Registry (the ready-built Quarkus app; integration-tests/pom.xml unpacks it before the ITs) in a
 * JVM of its own on free loopback ports, with its Confluent-compatible API at {@link #confluentUrl()}. Storage is
 * in-memory H2: every start is an empty registry.
 *
 * <p>Like the servers of the local stack it runs under {@link ChildMain}, which ends it when this JVM is gone even
 * without shutdown hooks (SIGKILL, a torn-down fork); {@link #close()} and a shutdown hook stop it otherwise.
 * Quarkus's launcher jar asks for JVM options in its manifest ({@code Add-Opens}, {@code Enable-Native-Access})
 * that {@code java -jar} would apply; started through ChildMain it gets them on the command line instead.
 *
 * <p>{@link #shared()} gives one registry for every IT of the failsafe JVM; tests isolate themselves by subject.
 */
public final class LocalRegistry implements AutoCloseable {

    static final String HOME_PROPERTY = "apicurio.registry.home";
    private static final String ENTRY_POINT = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    private static final String HOST = "127.0.0.1";
    /** Ready in ~3 s on an idle machine; generous for two cores that are also running other JVMs. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int LOG_LINES = 40;

    private static LocalRegistry shared;

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final Thread hook;

    private LocalRegistry(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
        this.hook = new Thread(this::stop, "stop-apicurio-registry");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** One registry for all ITs of this JVM, started on first use, stopped when the JVM exits. */
    public static synchronized LocalRegistry shared() {
        if (shared == null) {
            try {
                shared = start(Files.createTempDirectory("csv-to-kafka-registry-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** Starts a registry with its log in {@code workDir}; returns once it is ready, or fails with its log's tail. */
    public static LocalRegistry start(Path workDir) {
        Path home = home();
        RegistryJava java = RegistryJava.find();
        int httpPort = freePort();
        int managementPort = freePort();
        Path log = workDir.resolve("apicurio-registry.log");

        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.addAll(manifestOptions(home.resolve("quarkus-run.jar")));
        command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=" + HOST, "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=" + HOST, "-Dquarkus.management.port=" + managementPort,
                "-Dapicurio.storage.kind=sql", "-Dapicurio.storage.sql.kind=h2",
                ChildMain.class.getName(), Long.toString(ProcessHandle.current().pid()), ENTRY_POINT));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // ChildMain's jar first; quarkus-run.jar brings the rest through its manifest Class-Path
        builder.environment().put("CLASSPATH", ownJar() + File.pathSeparator + home.resolve("quarkus-run.jar"));
        Process process;
        try {
            Files.createDirectories(workDir);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Apicurio Registry with " + command.get(0) + ": "
                    + e.getMessage(), e);
        }
        LocalRegistry registry = new LocalRegistry(process, httpPort, log);
        try {
            registry.awaitReady(URI.create("http://" + HOST + ":" + managementPort + "/health/ready"), java);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** The Confluent-compatible API root, as a client's {@code --schema-registry} URL. */
    public String confluentUrl() {
        return "http://" + HOST + ":" + httpPort + "/apis/ccompat/v7";
    }

    /** The registry's own root (its v3 API is under {@code /apis/registry/v3}). */
    public String url() {
        return "http://" + HOST + ":" + httpPort;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself: nothing to remove
        }
        stop();
    }

    /** SIGTERM to the process tree (Quarkus shuts down cleanly), then SIGKILL whatever is left after a grace. */
    private void stop() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception notYet) {
                handle.destroyForcibly();
            }
        }
        try {
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(URI ready, RegistryJava java) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry (Java " + java.feature() + " at " + java.home()
                        + ") exited with code " + process.exitValue() + " before it was ready" + tail());
            }
            try {
                HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Apicurio Registry was not ready at " + ready + " after "
                        + START_TIMEOUT.toSeconds() + " s (last check: " + last + ")" + tail());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
        }
    }

    /** The unpacked app: from failsafe's system property, else where the pom unpacks it (run from the module). */
    private static Path home() {
        String configured = System.getProperty(HOME_PROPERTY);
        Path home = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("target", "apicurio-registry-3.3.3");
        if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("Apicurio Registry is not unpacked at " + home.toAbsolutePath()
                    + " (no quarkus-run.jar). Run the ITs through Maven, which unpacks it before them: mvn -B verify"
                    + " -pl integration-tests (without -o the first time: it downloads io.apicurio:apicurio-registry-app"
                    + ":3.3.3:all:tar.gz), or set -D" + HOME_PROPERTY + "=<the unpacked directory>");
        }
        return home.toAbsolutePath().normalize();
    }

    /** What {@code java -jar} would take from the launcher jar's manifest, as command-line options. */
    private static List<String> manifestOptions(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes attributes = file.getManifest().getMainAttributes();
            List<String> options = new ArrayList<>();
            String opens = attributes.getValue("Add-Opens");
            if (opens != null) {
                for (String modulePackage : opens.trim().split("\\s+")) {
                    options.add("--add-opens=" + modulePackage + "=ALL-UNNAMED");
                }
            }
            if (attributes.getValue("Enable-Native-Access") != null) {
                options.add("--enable-native-access=ALL-UNNAMED");
            }
            return options;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar, e);
        }
    }

    private static String ownJar() {
        try {
            return Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the local-stack jar that holds ChildMain", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private String tail() {
        if (!Files.exists(log)) {
            return " (no log at " + log + ")";
        }
        try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, in.length() - 16 * 1024);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            int from = Math.max(0, lines.length - LOG_LINES);
            return "\n--- last lines of " + log + " ---\n"
                    + String.join("\n", Arrays.asList(lines).subList(from, lines.length));
        } catch (IOException e) {
            return " (cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
