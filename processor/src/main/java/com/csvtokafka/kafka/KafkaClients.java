package com.csvtokafka.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/** Creates the job's Kafka clients; tests hand in MockProducer/MockConsumer through this seam. */
public interface KafkaClients {

    /** @see KafkaSettings#producer(String, int, int) */
    Producer<byte[], byte[]> producer(String jobId, int topicMaxMessageBytes, int maxRequestSize);

    Consumer<byte[], byte[]> consumer(String clientId);

    Admin admin();

    String bootstrapServers();

    static KafkaClients of(KafkaSettings settings) {
        return new KafkaClients() {
            @Override
            public Producer<byte[], byte[]> producer(String jobId, int topicMaxMessageBytes, int maxRequestSize) {
                return new KafkaProducer<>(settings.producer(jobId, topicMaxMessageBytes, maxRequestSize));
            }

            @Override
            public Consumer<byte[], byte[]> consumer(String clientId) {
                return new KafkaConsumer<>(settings.consumer(clientId));
            }

            @Override
            public Admin admin() {
                return Admin.create(settings.admin("csv-to-kafka-admin"));
            }

            @Override
            public String bootstrapServers() {
                return settings.bootstrapServers();
            }
        };
    }
}
