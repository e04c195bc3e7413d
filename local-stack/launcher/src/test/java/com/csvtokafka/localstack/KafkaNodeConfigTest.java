package com.csvtokafka.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaNodeConfigTest {

    @Test
    void singleNodeAllowsTransactionsOnOneBrokerAndNeverAutoCreatesTopics() throws IOException {
        Properties config = parse(new KafkaNodeConfig(1, 19092, 19093, "1@127.0.0.1:19093", Path.of("/d/kafka/data"),
                1, 1));

        assertThat(config)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("log.dirs", "/d/kafka/data")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void clusterNodeReplicatesThreeWaysAndNeedsTwoInSync() throws IOException {
        Properties config = parse(new KafkaNodeConfig(2, 1, 2, "1@127.0.0.1:2,2@127.0.0.1:4,3@127.0.0.1:6",
                Path.of("/d/kafka-2/data"), 3, 2));

        assertThat(config)
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:2,2@127.0.0.1:4,3@127.0.0.1:6")
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("offsets.topic.replication.factor", "3");
    }

    @Test
    void anExternalListenerAdvertisesItsOwnAddressAndKeepsBrokerTrafficDirect() throws IOException {
        Properties config = parse(new KafkaNodeConfig(1, 19092, 19093, "1@127.0.0.1:19093", Path.of("/d/kafka/data"),
                1, 1, new ExternalListener(19094, "127.0.0.1", 29094)));

        assertThat(config)
                .containsEntry("listeners",
                        "PLAINTEXT://127.0.0.1:19092,EXTERNAL://127.0.0.1:19094,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092,EXTERNAL://127.0.0.1:29094")
                .containsEntry("listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .containsEntry("inter.broker.listener.name", "PLAINTEXT")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093");
    }

    @Test
    void withoutAnExternalListenerThereIsNone() throws IOException {
        Properties config = parse(new KafkaNodeConfig(1, 19092, 19093, "1@127.0.0.1:19093", Path.of("/d/kafka/data"),
                1, 1));

        assertThat(config)
                .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        assertThat(config.getProperty("listeners")).doesNotContain("EXTERNAL");
    }

    @Test
    void anAuthorizationLogTurnsOnTheStandardAuthorizerAllowingEverythingAndLogsEveryAllowedDecision()
            throws IOException {
        KafkaNodeConfig node = new KafkaNodeConfig(1, 19092, 19093, "1@127.0.0.1:19093", Path.of("/d/kafka/data"),
                1, 1, null, Path.of("/d/kafka-authorizations.log"));

        assertThat(parse(node))
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("allow.everyone.if.no.acl.found", "true")
                .containsEntry("super.users", "User:ANONYMOUS");
        assertThat(KafkaNodeConfig.log4j2(Path.of("/d/kafka/server.log"), Path.of("/d/kafka-authorizations.log")))
                .contains("fileName=\"/d/kafka-authorizations.log\"")
                .contains("<Logger name=\"kafka.authorizer.logger\" level=\"DEBUG\" additivity=\"false\">")
                .contains("fileName=\"/d/kafka/server.log\"");
    }

    @Test
    void withoutAnAuthorizationLogThereIsNoAuthorizer() throws IOException {
        assertThat(parse(new KafkaNodeConfig(1, 19092, 19093, "1@127.0.0.1:19093", Path.of("/d/kafka/data"), 1, 1)))
                .doesNotContainKey("authorizer.class.name");
        assertThat(KafkaNodeConfig.log4j2(Path.of("/d/kafka/server.log"))).doesNotContain("kafka.authorizer.logger");
    }

    @Test
    void brokerLogsGoToTheGivenFile() {
        assertThat(KafkaNodeConfig.log4j2(Path.of("/d/kafka/server.log")))
                .contains("fileName=\"/d/kafka/server.log\"")
                .contains("filePattern=\"/d/kafka/server.log.%i\"")
                .contains("pattern=\"[%d] %p %m (%c)%n\"")
                .doesNotContain("Console");
    }

    private static Properties parse(KafkaNodeConfig config) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(config.render()));
        return properties;
    }
}
