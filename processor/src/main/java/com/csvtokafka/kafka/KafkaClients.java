package com.csvtokafka.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;

/** Creates the job's Kafka clients; tests hand in MockProducer/MockConsumer through this seam. */
public interface KafkaClients {

    /** @see KafkaSettings#producer(String, int, int) */
    Producer<byte[], byte[]> producer(String jobId, int topicMaxMessageBytes, int maxRequestSize);

    Consumer<byte[], byte[]> consumer(String clientId);

    Admin admin();

    /** A consumer of a Kafka source: see {@link KafkaSettings#sourceConsumer}. */
    default Consumer<byte[], byte[]> sourceConsumer(String clientId) {
        return consumer(clientId);
    }

    String bootstrapServers();

    static KafkaClients of(KafkaSettings settings) {
        return of(settings, producer -> { });
    }

    /**
     * Clients from {@code settings}; {@code newProducer} sees each producer as it is created (the engine makes one per
     * attempt), e.g. {@code p -> metrics.producer(p::metrics)} so the metrics follow the current producer.
     */
    static KafkaClients of(KafkaSettings settings, java.util.function.Consumer<Producer<?, ?>> newProducer) {
        return new KafkaClients() {
            @Override
            public Producer<byte[], byte[]> producer(String jobId, int topicMaxMessageBytes, int maxRequestSize) {
                Producer<byte[], byte[]> producer =
                        new KafkaProducer<>(settings.producer(jobId, topicMaxMessageBytes, maxRequestSize));
                newProducer.accept(producer);
                return producer;
            }

            @Override
            public Consumer<byte[], byte[]> consumer(String clientId) {
                return new KafkaConsumer<>(settings.consumer(clientId));
            }

            @Override
            public Consumer<byte[], byte[]> sourceConsumer(String clientId) {
                return new KafkaConsumer<>(settings.sourceConsumer(clientId));
            }

            /** For the start-up checks only: the client stays quiet while it is open (see {@link QuietAdmin}). */
            @Override
            public Admin admin() {
                try {
                    return QuietAdmin.create(Utils.propsToMap(settings.admin("csv-to-kafka-admin")));
                } catch (KafkaException e) {
                    if (e.getCause() instanceof ConfigException c && c.getMessage().contains("No resolvable bootstrap")) {
                        throw new IllegalArgumentException("no host of --bootstrap-servers "
                                + settings.bootstrapServers() + " resolves to an address\ncheck the host names");
                    }
                    throw e;
                }
            }

            @Override
            public String bootstrapServers() {
                return settings.bootstrapServers();
            }
        };
    }
}
