package com.csvtokafka.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka client configuration: connection and authentication shared by every client, the producer settings the
 * exactly-once protocol depends on (not overridable), and speed-related defaults the user may override.
 */
public record KafkaSettings(String bootstrapServers, Auth auth, String saslUsername, String saslPassword,
                            Map<String, String> overrides) {

    /** How to authenticate to the brokers. */
    public enum Auth { NONE, TLS, IAM, SCRAM_SHA_512 }

    /** Settings that carry the guarantees: a user override of these would silently break them. */
    private static final Set<String> PROTECTED = Set.of(
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    public KafkaSettings {
        overrides = Map.copyOf(overrides);
        for (String key : overrides.keySet()) {
            if (PROTECTED.contains(key)) {
                throw new IllegalArgumentException("Kafka property " + key + " cannot be overridden: the "
                        + "exactly-once protocol sets it (transactional id from the job id, idempotence, acks=all, "
                        + "read_committed)");
            }
        }
        int inFlight = Integer.parseInt(overrides.getOrDefault(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5"));
        if (inFlight > 5) {
            throw new IllegalArgumentException("max.in.flight.requests.per.connection must be at most 5 to keep order");
        }
    }

    public static String transactionalId(String jobId) {
        return "csv-to-kafka-" + jobId;
    }

    public static Auth parseAuth(String value) {
        return Auth.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Connection and security settings for any client. */
    public Properties common(String clientId) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        switch (auth) {
            case NONE -> { }
            case TLS -> p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
            case IAM -> {
                p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
                p.put(SaslConfigs.SASL_MECHANISM, "AWS_MSK_IAM");
                p.put(SaslConfigs.SASL_JAAS_CONFIG, "software.amazon.msk.auth.iam.IAMLoginModule required;");
                p.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS,
                        "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
            }
            case SCRAM_SHA_512 -> {
                if (saslUsername == null || saslPassword == null) {
                    throw new IllegalArgumentException("--kafka-auth scram-sha-512 needs KAFKA_SASL_USERNAME and "
                            + "KAFKA_SASL_PASSWORD");
                }
                p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
                p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
                p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule "
                        + "required username=\"" + saslUsername + "\" password=\"" + saslPassword + "\";");
            }
        }
        return p;
    }

    /**
     * The transactional producer. Order and exactly-once come from idempotence with at most 5 requests in
     * flight, acks=all and one transactional id per job; speed from big lz4 batches filled while the previous
     * ones are in flight (the user may tune batch.size, linger.ms, compression.type, buffer.memory).
     *
     * @param topicMaxMessageBytes the topic's max.message.bytes: batch.size stays below it, or a batch the broker
     *                             refuses would be split into the same batches again and again
     * @param maxRequestSize       the largest record we may send; the broker has the last word on its
     *                             compressed size
     */
    public Properties producer(String jobId, int topicMaxMessageBytes, int maxRequestSize) {
        Properties p = common("csv-to-kafka-" + jobId);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(Math.min(512 * 1024, Math.max(1024, topicMaxMessageBytes - 1024))));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        // allocated on demand; must hold at least one record of the largest size we send
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(Math.max(64L * 1024 * 1024, maxRequestSize + (1L << 20))));
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        p.putAll(overrides);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, overrides.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                Integer.toString(maxRequestSize)));
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(jobId));
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** A group-less read_committed consumer (assign() only), for reading the partition's committed tail. */
    public Properties consumer(String clientId) {
        Properties p = common(clientId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // reading a known range: a fetch waiting for more data at the end would only delay the next seek
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        copySecurityOverrides(p);
        return p;
    }

    /**
     * A consumer of a Kafka source (group-less, read_committed, as {@link #consumer}) that fails a fetch below the
     * partition's log start instead of skipping to it: records gone before they were copied are a gap to report.
     * The user's properties for the source cluster apply to it.
     */
    public Properties sourceConsumer(String clientId) {
        Properties p = consumer(clientId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        p.putAll(overrides);
        return p;
    }

    public Properties admin(String clientId) {
        Properties p = common(clientId);
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        copySecurityOverrides(p);
        return p;
    }

    /** The overrides that matter to every client (security, ssl.*, sasl.*), e.g. a truststore. */
    private void copySecurityOverrides(Properties p) {
        overrides.forEach((k, v) -> {
            if (k.startsWith("ssl.") || k.startsWith("sasl.") || k.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
                    || k.startsWith("client.dns") || k.equals("metadata.recovery.strategy")) {
                p.put(k, v);
            }
        });
    }

    /**
     * For logs, as people read them ({@code b:9092, auth none, properties linger.ms=50}): never prints secrets, and
     * says nothing of properties when none are set.
     */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        overrides.forEach((k, v) -> shown.put(k, k.contains("password") || k.contains("jaas") ? "***" : v));
        return bootstrapServers + ", auth " + auth.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + (shown.isEmpty() ? "" : ", properties " + shown.entrySet().stream().map(e -> e.getKey() + "="
                + e.getValue()).collect(java.util.stream.Collectors.joining(" ")));
    }
}
