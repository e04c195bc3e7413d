package com.csvtokafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    /** How {@code run} points the metrics at each attempt's producer. Nothing listens on port 1: never connected. */
    @Test
    void everyNewProducerIsHandedOverAsItIsCreated() {
        List<Producer<?, ?>> seen = new ArrayList<>();
        KafkaClients clients = KafkaClients.of(
                new KafkaSettings("127.0.0.1:1", KafkaSettings.Auth.NONE, null, null, Map.of()), seen::add);

        Producer<byte[], byte[]> first = clients.producer("job-a", 1 << 20, 1 << 20);
        first.close(Duration.ZERO);
        Producer<byte[], byte[]> second = clients.producer("job-a", 1 << 20, 1 << 20);
        second.close(Duration.ZERO);

        assertThat(seen).containsExactly(first, second);
    }
}
