package com.csvtokafka.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * A single real Kafka broker (KRaft, broker and controller in one JVM) for tests and local runs; settings allow
 * transactions on one broker (replication factor 1, {@code transaction.state.log.min.isr=1}) and topics are
 * never auto-created.
 */
public final class LocalKafka implements AutoCloseable {

    private static final int NODE = 1;

    private final KafkaCluster cluster;

    private LocalKafka(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts a broker on free ports with its data under {@code dataDir}; returns once transactions work. */
    public static LocalKafka start(Path dataDir) {
        return start(dataDir, 0, Launch.SUPERVISED);
    }

    /**
     * As {@link #start(Path)}, plus a second client listener, {@code EXTERNAL}, on {@code listener.port()} that
     * advertises {@code listener.advertisedHost():advertisedPort()}: clients bootstrapped there connect to that
     * address afterwards, e.g. a proxy in front of the port that injects network faults. The broker's own
     * traffic (controller, readiness probes, {@link #bootstrapServers()}) stays on the direct listener.
     */
    public static LocalKafka start(Path dataDir, ExternalListener listener) {
        return new LocalKafka(KafkaCluster.start(dataDir, List.of(0), Launch.SUPERVISED, listener));
    }

    /**
     * As {@link #start(Path)}, with Kafka's StandardAuthorizer allowing everything and logging every decision to
     * {@link #authorizationLog(Path)}: one line per operation on a resource that a client request needed (what
     * MSK IAM access control maps to its {@code kafka-cluster:*} actions).
     */
    public static LocalKafka startAuditingAuthorizations(Path dataDir) {
        return new LocalKafka(KafkaCluster.start(dataDir, List.of(0), Launch.SUPERVISED, null,
                authorizationLog(dataDir)));
    }

    /** The file a broker started by {@link #startAuditingAuthorizations} logs its authorizations to. */
    public static Path authorizationLog(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve("kafka-authorizations.log");
    }

    /** @param port the client port; 0 picks a free one */
    static LocalKafka start(Path dataDir, int port, Launch launch) {
        return new LocalKafka(KafkaCluster.start(dataDir, List.of(port), launch));
    }

    /** {@code 127.0.0.1:port} */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates a topic (replication factor 1) and waits until its partitions have a leader. */
    public void createTopic(String name, int partitions) {
        cluster.createTopic(name, partitions);
    }

    /** Clean shutdown (SIGTERM, waits for the broker to exit). */
    public void stop() {
        cluster.stopBroker(NODE);
    }

    /** SIGKILL, for crash tests. */
    public void kill() {
        cluster.killBroker(NODE);
    }

    /** Starts the broker again on the same ports and data (stopping it first if it runs). */
    public void restart() {
        cluster.restartBroker(NODE);
    }

    long pid() {
        return cluster.pid(NODE);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
