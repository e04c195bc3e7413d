package com.csvtokafka.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three KRaft brokers, replication factor 3, min.insync.replicas 2: the shape of the fault tests. */
class KafkaClusterIT {

    @Test
    void transactionsKeepWorkingWithOneBrokerKilledAndTheBrokerRejoins(@TempDir Path dataDir) throws Exception {
        long started = System.nanoTime();
        try (KafkaCluster cluster = KafkaCluster.start(dataDir, 3)) {
            System.out.printf("3-broker cluster started in %.1f s%n", (System.nanoTime() - started) / 1e9);
            String bootstrap = cluster.bootstrapServers();
            cluster.createTopic("replicated", 1);
            TopicDescription topic = describe(bootstrap, "replicated");
            assertThat(topic.partitions().get(0).replicas()).hasSize(3);
            assertThat(minInsyncReplicas(bootstrap, "replicated")).isEqualTo("2");
            KafkaTestClients.sendInTransaction(bootstrap, "replicated", List.of("all-up"), true);

            int leader = topic.partitions().get(0).leader().id();
            cluster.killBroker(leader);
            KafkaTestClients.sendInTransaction(bootstrap, "replicated", List.of("one-down"), true);
            cluster.restartBroker(leader);

            assertThat(cluster.brokerIds()).containsExactly(1, 2, 3);
            assertThat(KafkaTestClients.readCommitted(bootstrap, "replicated")).containsExactly("all-up", "one-down");
            assertThat(dataDir.resolve("kafka-" + leader + ".log")).exists();
        }
    }

    private static TopicDescription describe(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
        }
    }

    private static String minInsyncReplicas(String bootstrap, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeConfigs(Set.of(resource)).all().get().get(resource).get("min.insync.replicas").value();
        }
    }
}
