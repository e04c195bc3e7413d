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
