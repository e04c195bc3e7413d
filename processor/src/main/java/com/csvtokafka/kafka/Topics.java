package com.csvtokafka.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Checks (or, when asked, creates) the topics a job writes to, and reads the record size limit they allow. */
public final class Topics {
    private static final Logger LOG = LogManager.getLogger(Topics.class);
    private static final int BROKER_DEFAULT_MAX_MESSAGE_BYTES = 1048588;
    private static final long TIMEOUT_SECONDS = 15;

    private final Admin admin;
    private final String bootstrap;

    public Topics(Admin admin, String bootstrap) {
        this.admin = admin;
        this.bootstrap = bootstrap;
    }

    /**
     * Makes sure {@code topic} has {@code partition}; creates the topic with {@code partition + 1} partitions when
     * {@code create} is set and it is missing.
     *
     * @return the topic's max.message.bytes
     */
    public int require(String topic, int partition, boolean create) throws KafkaSetupException {
        Optional<TopicDescription> description = describe(topic);
        if (description.isEmpty()) {
            if (!create) {
                throw new KafkaSetupException("topic " + topic + " does not exist on " + bootstrap
                        + " (topics are not auto-created)\ncreate it, or pass --create-topic", true);
            }
            createTopic(topic, partition + 1);
            description = describe(topic);
            if (description.isEmpty()) {
                throw new KafkaSetupException("topic " + topic + " was created but is not visible yet; retry", false);
            }
        }
        int partitions = description.get().partitions().size();
        if (partition >= partitions) {
            throw new KafkaSetupException("topic " + topic + " has " + partitions + " partition(s); --partition "
                    + partition + " does not exist", true);
        }
        return maxMessageBytes(topic);
    }

    /** How many partitions {@code topic} has (it must exist). */
    public int partitionCount(String topic) throws KafkaSetupException {
        return describe(topic).orElseThrow(() -> new KafkaSetupException("topic " + topic + " does not exist on "
                + bootstrap, true)).partitions().size();
    }

    /**
     * The number of partitions of {@code topic}; a missing topic is created with {@code createWith} partitions when
     * that is above 0, else an error.
     */
    public int partitions(String topic, int createWith) throws KafkaSetupException {
        Optional<TopicDescription> description = describe(topic);
        if (description.isEmpty() && createWith > 0) {
            createTopic(topic, createWith);
            description = describe(topic);
        }
        if (description.isEmpty()) {
            throw new KafkaSetupException("topic " + topic + " does not exist on " + bootstrap
                    + (createWith > 0 ? " (created, but not visible yet; retry)" : " (topics are not auto-created)\n"
                    + "create it, or pass --create-topic"), createWith == 0);
        }
        return description.get().partitions().size();
    }

    /**
     * For commands that only read ({@code verify}, {@code status}): {@code topic} must exist and have
     * {@code partition}.
     */
    public void check(String topic, int partition) throws KafkaSetupException {
        Optional<TopicDescription> description = describe(topic);
        if (description.isEmpty()) {
            throw new KafkaSetupException("topic " + topic + " does not exist on " + bootstrap
                    + "\ncheck --topic and --bootstrap-servers", true);
        }
        int partitions = description.get().partitions().size();
        if (partition >= partitions) {
            throw new KafkaSetupException("topic " + topic + " has " + partitions + " partition(s); --partition "
                    + partition + " does not exist", true);
        }
    }

    private Optional<TopicDescription> describe(String topic) throws KafkaSetupException {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable();
            }
            throw new KafkaSetupException("cannot describe topic " + topic + " on " + bootstrap + ": "
                    + e.getCause().getMessage(), false);
        } catch (TimeoutException e) {
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable();
        }
    }

    private void createTopic(String topic, int partitions) throws KafkaSetupException {
        LOG.info("creating topic {} with {} partition(s) and the broker's default replication", topic, partitions);
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaSetupException("cannot create topic " + topic + ": " + e.getCause().getMessage(), true);
            }
        } catch (TimeoutException e) {
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable();
        }
    }

    private int maxMessageBytes(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(resource)).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            ConfigEntry entry = configs.get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null ? BROKER_DEFAULT_MAX_MESSAGE_BYTES : Integer.parseInt(entry.value());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("cannot read max.message.bytes of {} ({}); assuming the broker default {}", topic,
                    e.getMessage(), BROKER_DEFAULT_MAX_MESSAGE_BYTES);
            return BROKER_DEFAULT_MAX_MESSAGE_BYTES;
        }
    }

    private KafkaSetupException unreachable() {
        return new KafkaSetupException("cannot reach Kafka at " + bootstrap + " within " + TIMEOUT_SECONDS + " s\n"
                + "check --bootstrap-servers, that the brokers are up, and the network and security settings "
                + "(--kafka-auth)", false);
    }
}
