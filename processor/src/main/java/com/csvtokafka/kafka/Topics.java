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
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
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
    /** How long a topic just created may take to show in the metadata with a leader for each partition. */
    static final java.time.Duration VISIBLE_WITHIN = java.time.Duration.ofSeconds(30);

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
            description = Optional.of(awaitVisible(topic, partition + 1));
        }
        int partitions = description.get().partitions().size();
        if (partition >= partitions) {
            throw new KafkaSetupException("topic " + topic + " has " + partitions + " partition(s); --partition "
                    + partition + " does not exist", true);
        }
        return maxMessageBytes(topic);
    }

    /**
     * For {@code --partitions all}: how many partitions {@code topic} has. A missing topic is an error, with
     * {@code --create-topic} too: "all" takes its count from the topic, so there is no count to create it with.
     */
    public int allPartitions(String topic, boolean create) throws KafkaSetupException {
        Optional<TopicDescription> description = describe(topic);
        if (description.isEmpty()) {
            throw new KafkaSetupException("topic " + topic + " does not exist on " + bootstrap + ", and --partitions "
                    + "all means the partitions the topic has" + (create ? ", so --create-topic has no count to create "
                    + "it with" : " (topics are not auto-created)") + "\nname the partitions to create it with, e.g. "
                    + "--partitions 0-5 --create-topic for 6 partitions, or create the topic first", true);
        }
        return description.get().partitions().size();
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
            description = Optional.of(awaitVisible(topic, createWith));
        }
        if (description.isEmpty()) {
            throw new KafkaSetupException("topic " + topic + " does not exist on " + bootstrap
                    + " (topics are not auto-created)\ncreate it, or pass --create-topic", true);
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

    /**
     * A topic just created, once the metadata shows it with {@code partitions} partitions, each with a leader: the
     * controller answers the create before every broker knows the topic, and a producer or consumer started in
     * between fails on an unknown topic. Waits up to {@link #VISIBLE_WITHIN}.
     */
    private TopicDescription awaitVisible(String topic, int partitions) throws KafkaSetupException {
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        long pause = 50;
        while (true) {
            Optional<TopicDescription> description = describe(topic);
            if (description.isPresent() && description.get().partitions().size() >= partitions
                    && description.get().partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return description.get();
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaSetupException("topic " + topic + " was created on " + bootstrap + " but its "
                        + "partitions have no leader after " + VISIBLE_WITHIN.toSeconds() + " s\ncheck the brokers' "
                        + "health, then run again (the topic exists now)", false);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unreachable();
            }
            pause = Math.min(1000, pause * 2);
        }
    }

    /**
     * The partitions of {@code partitions} where a transaction is open now (the last stable offset is behind the
     * high watermark): a producer, such as a running job, is writing there.
     */
    public List<Integer> openTransactions(String topic, List<Integer> partitions) throws KafkaSetupException {
        Map<TopicPartition, OffsetSpec> latest = new java.util.LinkedHashMap<>();
        partitions.forEach(p -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = admin.listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> written = admin.listOffsets(latest,
                    new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return partitions.stream().filter(p -> {
                TopicPartition tp = new TopicPartition(topic, p);
                return stable.get(tp).offset() < written.get(tp).offset();
            }).toList();
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaSetupException("cannot read the end offsets of " + topic + " on " + bootstrap + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable();
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
