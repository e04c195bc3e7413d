package com.csvtokafka.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;

/**
 * Real Kafka brokers in KRaft mode, each node broker and controller at once in a JVM of its own, started from
 * the jars Maven resolved (no Docker). One node for everyday tests ({@link LocalKafka}); three for fault tests,
 * with replication factor 3 and {@code min.insync.replicas=2} like a production cluster, and per-broker
 * {@link #stopBroker stop}, {@link #killBroker kill} and {@link #restartBroker restart}.
 *
 * <p>Node ids are 1..n. Every node keeps its ports and data across restarts.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final List<KafkaNode> nodes;
    private final ShutdownHook hook;

    private KafkaCluster(List<KafkaNode> nodes, Launch launch) {
        this.nodes = List.copyOf(nodes);
        this.hook = launch == Launch.SUPERVISED ? ShutdownHook.register("kafka", this::stopAll) : null;
    }

    /**
     * Starts {@code brokers} nodes with their data under {@code dataDir} and waits until all are registered
     * and a transactional producer can initialize.
     */
    public static KafkaCluster start(Path dataDir, int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a cluster needs at least one broker, not " + brokers);
        }
        return start(dataDir, Collections.nCopies(brokers, 0), Launch.SUPERVISED);
    }

    /** @param brokerPorts one per node; 0 picks a free port */
    static KafkaCluster start(Path dataDir, List<Integer> brokerPorts, Launch launch) {
        return start(dataDir, brokerPorts, launch, null);
    }

    /** @param external an extra client listener of node 1 (single-node use), or null */
    static KafkaCluster start(Path dataDir, List<Integer> brokerPorts, Launch launch, ExternalListener external) {
        return start(dataDir, brokerPorts, launch, external, null);
    }

    /** @param authorizationLog where node 1 logs every authorization decision ({@link KafkaNodeConfig}), or null */
    static KafkaCluster start(Path dataDir, List<Integer> brokerPorts, Launch launch, ExternalListener external,
                              Path authorizationLog) {
        Path stackDir = dataDir.toAbsolutePath().normalize();
        int size = brokerPorts.size();
        Set<Integer> taken = new HashSet<>(brokerPorts);
        List<NodePorts> ports = brokerPorts.stream()
                .map(port -> new NodePorts(port > 0 ? port : distinctFreePort(taken), distinctFreePort(taken)))
                .collect(Collectors.toList());
        String voters = IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@" + Ports.HOST + ":" + ports.get(i).controller())
                .collect(Collectors.joining(","));
        List<String> names = IntStream.rangeClosed(1, size)
                .mapToObj(id -> size == 1 ? "kafka" : "kafka-" + id)
                .collect(Collectors.toList());
        String clusterId = names.stream()
                .map(name -> KafkaNode.formattedClusterId(KafkaNode.logDir(stackDir, name)))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseGet(() -> Uuid.randomUuid().toString());

        List<KafkaNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            NodePorts nodePorts = ports.get(i);
            KafkaNodeConfig config = new KafkaNodeConfig(i + 1, nodePorts.broker(), nodePorts.controller(), voters,
                    KafkaNode.logDir(stackDir, names.get(i)), Math.min(3, size), size >= 3 ? 2 : 1,
                    i == 0 ? external : null, i == 0 ? authorizationLog : null);
            nodes.add(new KafkaNode(names.get(i), stackDir, config, launch));
        }
        // format all nodes' storage concurrently: each format is a JVM start, about a second of CPU
        nodes.stream().map(node -> node.prepare(clusterId)).flatMap(Optional::stream)
                .collect(Collectors.toList())
                .forEach(KafkaNode::awaitFormatted);
        nodes.forEach(KafkaNode::start);
        try {
            awaitReady(nodes);
        } catch (RuntimeException e) {
            nodes.forEach(KafkaNode::kill);
            throw e;
        }
        return new KafkaCluster(nodes, launch);
    }

    private record NodePorts(int broker, int controller) {
    }

    private static int distinctFreePort(Set<Integer> taken) {
        while (true) {
            int port = Ports.free();
            if (taken.add(port)) {
                return port;
            }
        }
    }

    /** Waits until every running node is registered and transactions work. */
    private static void awaitReady(List<KafkaNode> nodes) {
        List<KafkaNode> running = nodes.stream().filter(KafkaNode::isRunning).collect(Collectors.toList());
        List<Integer> ids = running.stream().map(KafkaNode::id).collect(Collectors.toList());
        List<Path> logs = running.stream().flatMap(node -> node.logs().stream()).collect(Collectors.toList());
        List<ChildJvm> jvms = running.stream().flatMap(node -> node.jvm().stream()).collect(Collectors.toList());
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers(nodes))) {
            Readiness.await("Kafka (nodes " + ids + ")", jvms,
                    ids.size() > 1 ? Readiness.CLUSTER_START_TIMEOUT : Readiness.START_TIMEOUT, logs,
                    () -> probe.brokersRegistered(ids) && probe.transactionsReady());
        }
    }

    private static String bootstrapServers(List<KafkaNode> nodes) {
        return nodes.stream().map(node -> Ports.HOST + ":" + node.config().brokerPort())
                .collect(Collectors.joining(","));
    }

    /** {@code 127.0.0.1:port} of every node, stopped ones included: clients skip those. */
    public String bootstrapServers() {
        return bootstrapServers(nodes);
    }

    public List<Integer> brokerIds() {
        return nodes.stream().map(KafkaNode::id).collect(Collectors.toList());
    }

    /** Creates a topic replicated to up to three brokers and waits until a leader serves every partition. */
    public void createTopic(String name, int partitions) {
        short replicationFactor = (short) nodes.get(0).config().replicationFactor();
        try (KafkaProbe probe = new KafkaProbe(bootstrapServers())) {
            probe.createTopic(name, partitions, replicationFactor);
            long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
            while (!probe.partitionsReady(name)) {
                if (System.nanoTime() > deadline) {
                    throw new LocalStackException("topic " + name + " still has partitions that no leader serves after "
                            + TOPIC_TIMEOUT.toSeconds() + " s");
                }
                Readiness.sleep(Duration.ofMillis(100));
            }
        } catch (LocalStackException e) {
            throw e;
        } catch (Exception e) {
            throw new LocalStackException("cannot create topic " + name + " on " + bootstrapServers() + ": " + e, e);
        }
    }

    /** Clean shutdown of one broker (SIGTERM: it hands off leadership and closes its logs). */
    public void stopBroker(int id) {
        node(id).stop(STOP_GRACE);
    }

    /** SIGKILL of one broker: no controlled shutdown, unflushed page cache survives only in the OS. */
    public void killBroker(int id) {
        node(id).kill();
    }

    /** Starts a stopped or killed broker again on the same ports and data, and waits until it is back. */
    public void restartBroker(int id) {
        KafkaNode node = node(id);
        node.stop(STOP_GRACE);
        node.start();
        try {
            awaitReady(nodes);
        } catch (RuntimeException e) {
            node.kill();
            throw e;
        }
    }

    /** pid of a running broker's JVM. */
    long pid(int id) {
        return node(id).jvm().map(ChildJvm::pid)
                .orElseThrow(() -> new IllegalStateException("broker " + id + " is not running"));
    }

    private KafkaNode node(int id) {
        return nodes.stream().filter(node -> node.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no broker " + id + "; brokers are " + brokerIds()));
    }

    /** Stops every broker at once: one by one, the last ones would wait for a controller quorum that is gone. */
    private void stopAll() {
        List<Callable<Void>> stops = nodes.stream().<Callable<Void>>map(node -> () -> {
            node.stop(STOP_GRACE);
            return null;
        }).collect(Collectors.toList());
        Parallel.run(stops).forEach(Parallel::value);
    }

    @Override
    public void close() {
        if (hook != null) {
            hook.cancel();
        }
        stopAll();
    }
}
