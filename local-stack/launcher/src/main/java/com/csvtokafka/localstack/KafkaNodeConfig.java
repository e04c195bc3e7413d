package com.csvtokafka.localstack;

import java.nio.file.Path;

/**
 * server.properties of one KRaft node that is broker and controller at once.
 *
 * @param voters static quorum, {@code id@host:controllerPort,...}: unlike a dynamic quorum it survives a
 *               node coming back on a different controller port, which the CLI allows
 * @param replicationFactor for every internal and new topic: 1 for a single node, 3 for a cluster
 * @param minInsyncReplicas 1 for a single node, 2 for a cluster (acks=all then tolerates one broker down)
 * @param external an extra client listener, or null (the default: clients use the PLAINTEXT listener)
 * @param authorizationLog where the broker writes one line per authorization it makes, or null (the default: no
 *                         authorizer). With a path, Kafka's StandardAuthorizer allows everything (no ACLs exist) and
 *                         logs every decision: which operation on which resource each client request needed.
 */
record KafkaNodeConfig(int nodeId, int brokerPort, int controllerPort, String voters, Path logDir,
                       int replicationFactor, int minInsyncReplicas, ExternalListener external,
                       Path authorizationLog) {

    KafkaNodeConfig(int nodeId, int brokerPort, int controllerPort, String voters, Path logDir, int replicationFactor,
                    int minInsyncReplicas) {
        this(nodeId, brokerPort, controllerPort, voters, logDir, replicationFactor, minInsyncReplicas, null, null);
    }

    KafkaNodeConfig(int nodeId, int brokerPort, int controllerPort, String voters, Path logDir, int replicationFactor,
                    int minInsyncReplicas, ExternalListener external) {
        this(nodeId, brokerPort, controllerPort, voters, logDir, replicationFactor, minInsyncReplicas, external, null);
    }

    String render() {
        String broker = "PLAINTEXT://" + Ports.HOST + ":" + brokerPort;
        String listeners = broker;
        String advertised = broker;
        String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
        if (external != null) {
            listeners += ",EXTERNAL://" + Ports.HOST + ":" + external.port();
            advertised += ",EXTERNAL://" + external.advertisedHost() + ":" + external.advertisedPort();
            protocols = "PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT";
        }
        return String.join("\n",
                "# written by local-stack on every start; edits are lost",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + voters,
                "listeners=" + listeners + ",CONTROLLER://" + Ports.HOST + ":" + controllerPort,
                "advertised.listeners=" + advertised,
                "listener.security.protocol.map=" + protocols,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDir,
                "",
                "# topics exist only when created on purpose, as on MSK with auto-creation off",
                "auto.create.topics.enable=false",
                "num.partitions=1",
                "default.replication.factor=" + replicationFactor,
                "min.insync.replicas=" + minInsyncReplicas,
                "",
                "# transactions and consumer groups on this many brokers; one partition each, because creating",
                "# the default 50 costs seconds at every fresh start and buys nothing locally",
                "offsets.topic.replication.factor=" + replicationFactor,
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=" + replicationFactor,
                "transaction.state.log.min.isr=" + minInsyncReplicas,
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=" + replicationFactor,
                "share.coordinator.state.topic.min.isr=" + minInsyncReplicas,
                "group.initial.rebalance.delay.ms=0",
                "",
                "# a broker restarted after a crash cannot register again until the session of its previous",
                "# incarnation expires (9 s by default); shorter also fences a killed broker of a cluster sooner",
                "broker.heartbeat.interval.ms=1000",
                "broker.session.timeout.ms=4000",
                "")
                + (authorizationLog == null ? "" : String.join("\n",
                "",
                "# every authorization decision logged (kafka.authorizer.logger, see log4j2.xml); no ACLs, so all are",
                "# allowed: the log shows what a client's requests need, e.g. the MSK IAM actions of a job",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=true",
                "super.users=User:ANONYMOUS",
                ""));
    }

    /** A log4j2 configuration that sends the broker's logging to {@code serverLog}, not to its stdout. */
    static String log4j2(Path serverLog) {
        return log4j2(serverLog, null);
    }

    /** As {@link #log4j2(Path)}, plus (when not null) the authorizer's decisions, every allowed one included. */
    static String log4j2(Path serverLog, Path authorizationLog) {
        String authorizer = authorizationLog == null ? "" : """
                    <File name="authorizer" fileName="%1$s" append="true" immediateFlush="true">
                      <PatternLayout pattern="%%m%%n"/>
                    </File>
                """.formatted(authorizationLog);
        String authorizerLogger = authorizationLog == null ? "" : """
                    <Logger name="kafka.authorizer.logger" level="DEBUG" additivity="false">
                      <AppenderRef ref="authorizer"/>
                    </Logger>
                """;
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- written by local-stack: the broker logs to a file in its data directory -->
                <Configuration status="WARN">
                  <Appenders>
                    <RollingFile name="server" fileName="%1$s" filePattern="%1$s.%%i">
                      <PatternLayout pattern="[%%d] %%p %%m (%%c)%%n"/>
                      <SizeBasedTriggeringPolicy size="100 MB"/>
                      <DefaultRolloverStrategy max="3"/>
                    </RollingFile>
                %2$s  </Appenders>
                  <Loggers>
                %3$s    <Root level="INFO"><AppenderRef ref="server"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(serverLog, authorizer, authorizerLogger);
    }
}
