package com.csvtokafka.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local (Amazon's own emulator on SQLite) with its tables in {@code <dataDir>/dynamodb}. One shared
 * database ({@code -sharedDb}), so every client sees the same tables whatever region or key it signs with.
 */
public final class LocalDynamoDb implements AutoCloseable {

    private static final String MAIN = "com.amazonaws.services.dynamodbv2.local.main.ServerRunner";
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final URI endpoint;
    private final JvmSpec spec;
    private final Launch launch;
    private RunningServer server;

    private LocalDynamoDb(URI endpoint, JvmSpec spec, Launch launch) {
        this.endpoint = endpoint;
        this.spec = spec;
        this.launch = launch;
    }

    /** Starts DynamoDB Local on a free port with its tables under {@code dataDir}; returns once ListTables works. */
    public static LocalDynamoDb start(Path dataDir) {
        return start(dataDir, 0, Launch.SUPERVISED);
    }

    /** @param port 0 picks a free one */
    static LocalDynamoDb start(Path dataDir, int port, Launch launch) {
        Path stackDir = dataDir.toAbsolutePath().normalize();
        int chosen = port > 0 ? port : Ports.free();
        URI endpoint = URI.create("http://" + Ports.HOST + ":" + chosen);
        Path tables = stackDir.resolve("dynamodb");
        ConfigFiles.createDirectories(tables);
        List<String> jvmOptions = new ArrayList<>(JVM_OPTIONS);
        jvmOptions.add("-Dsqlite4java.library.path=" + SqliteNativeLibrary.directory());
        JvmSpec spec = new JvmSpec(new ProcessMarker("dynamodb", stackDir), RuntimeClasspath.of("dynamodb"),
                jvmOptions, MAIN,
                List.of("-port", Integer.toString(chosen), "-dbPath", tables.toString(), "-sharedDb",
                        "-disableTelemetry"),
                stackDir, stackDir.resolve("dynamodb.log"));
        LocalDynamoDb dynamoDb = new LocalDynamoDb(endpoint, spec, launch);
        dynamoDb.launch();
        return dynamoDb;
    }

    private void launch() {
        try (DynamoDbClient probe = LocalAws.dynamoDb(endpoint, PROBE_TIMEOUT)) {
            server = RunningServer.start(spec, launch, "DynamoDB Local at " + endpoint,
                    () -> probe.listTables().tableNames() != null);
        }
    }

    /**
     * Stops DynamoDB Local (SIGTERM; its tables stay in the data directory), for tests of an unreachable
     * checkpoint store. {@link #restart()} brings it back.
     */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Starts DynamoDB Local again on the same port with the same tables (stopping it first if it runs). */
    public synchronized void restart() {
        stop();
        launch();
    }

    static boolean isHealthy(URI endpoint) {
        try (DynamoDbClient probe = LocalAws.dynamoDb(endpoint, PROBE_TIMEOUT)) {
            return probe.listTables().tableNames() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for this DynamoDB Local (its credentials and region); the caller closes it. */
    public DynamoDbClient newClient() {
        return LocalAws.dynamoDb(endpoint, CALL_TIMEOUT);
    }

    synchronized long pid() {
        if (server == null) {
            throw new IllegalStateException("DynamoDB Local at " + endpoint + " is stopped");
        }
        return server.pid();
    }

    @Override
    public void close() {
        stop();
    }
}
