package com.csvtokafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

class TopicsTest {
    private static final Node NODE = new Node(0, "localhost", 9092);

    /**
     * A cluster whose metadata shows a created topic only after {@code describesBeforeVisible} more describe calls,
     * as a broker that has not yet heard of it from the controller answers.
     */
    private static final class SlowMetadata {
        final MockAdminClient cluster = MockAdminClient.create().brokers(List.of(NODE)).build();
        final AtomicInteger describes = new AtomicInteger();
        private final int describesBeforeVisible;
        private Collection<NewTopic> pending = List.of();
        private int createdAt = -1;

        SlowMetadata(int describesBeforeVisible) {
            this.describesBeforeVisible = describesBeforeVisible;
        }

        Admin admin() {
            return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("createTopics")) {
                            @SuppressWarnings("unchecked")
                            Collection<NewTopic> topics = (Collection<NewTopic>) args[0];
                            pending = topics;
                            createdAt = describes.get();
                            // the controller accepts it at once: a cluster of its own answers the call
                            return MockAdminClient.create().brokers(List.of(NODE)).build().createTopics(topics);
                        }
                        if (method.getName().equals("describeTopics")) {
                            if (createdAt >= 0 && describes.get() - createdAt >= describesBeforeVisible) {
                                cluster.createTopics(pending).all().get();
                                createdAt = -1;
                            }
                            describes.incrementAndGet();
                        }
                        try {
                            return method.invoke(cluster, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @Test
    void aTopicJustCreatedIsAwaitedUntilTheMetadataShowsIt() throws Exception {
        SlowMetadata slow = new SlowMetadata(3);
        int maxBytes = new Topics(slow.admin(), "mock:9092").require("rows", 2, true);

        assertThat(maxBytes).isPositive();
        assertThat(slow.describes.get()).as("described until it showed").isEqualTo(5);
        assertThat(slow.cluster.describeTopics(List.of("rows")).allTopicNames().get().get("rows").partitions())
                .hasSize(3);

        SlowMetadata shards = new SlowMetadata(2);
        assertThat(new Topics(shards.admin(), "mock:9092").partitions("sharded", 4)).isEqualTo(4);
    }

    @Test
    void keyedAllWithCreateTopicOnAMissingTopicSaysToNameThePartitions() {
        SlowMetadata cluster = new SlowMetadata(0);
        assertThatThrownBy(() -> new Topics(cluster.admin(), "mock:9092").allPartitions("keyed", true))
                .isInstanceOf(KafkaSetupException.class)
                .hasMessageContaining("topic keyed does not exist on mock:9092, and --partitions all means the "
                        + "partitions the topic has, so --create-topic has no count to create it with")
                .hasMessageContaining("--partitions 0-5 --create-topic for 6 partitions")
                .satisfies(e -> assertThat(((KafkaSetupException) e).configuration()).isTrue());
    }
}
