package com.csvtokafka.transfer;

import com.csvtokafka.kafka.KafkaClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka for the engine's unit tests, built from Kafka's own mocks: a {@link MockProducer} per attempt whose committed
 * transactions land in one shared log, a {@link MockConsumer} that reads that log as a read_committed consumer would,
 * and a {@link MockAdminClient} that knows the topics. Faults are scripted: records the broker refuses as too large,
 * a hook run inside a commit (to stop or fail there).
 */
final class MockKafka implements KafkaClients {
    static final String TOPIC = "rows";
    static final String DLQ = "dead";

    /** What read_committed consumers see, in commit order: every topic. */
    final List<ProducerRecord<byte[], byte[]>> committed = new ArrayList<>();
    final List<Producer> producers = new ArrayList<>();
    /** Records of the main topic with a value longer than this are refused by "the broker" as too large. */
    int refuseAbove = Integer.MAX_VALUE;
    /** Run inside each commit, before it takes effect; may throw to make the commit fail. */
    Runnable beforeCommit = () -> { };
    /** The main topic's partitions (keyed jobs use several). */
    int partitions = 1;
    /** The transactional job id each producer was made for, in order (a keyed job's lanes: job/lane-k). */
    final List<String> producerIds = new ArrayList<>();

    MockKafka(List<ProducerRecord<byte[], byte[]>> alreadyCommitted) {
        committed.addAll(alreadyCommitted);
    }

    MockKafka() {
        this(List.of());
    }

    /** The records committed to {@code topic}. */
    synchronized List<ProducerRecord<byte[], byte[]>> committed(String topic) {
        return committed.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Override
    public Producer producer(String jobId, int topicMaxMessageBytes, int maxRequestSize) {
        Producer p = new Producer();
        synchronized (this) {
            producers.add(p);
            producerIds.add(jobId);
        }
        return p;
    }

    /** The records committed to partition {@code partition} of {@code topic}. */
    List<ProducerRecord<byte[], byte[]>> committed(String topic, int partition) {
        return committed(topic).stream().filter(r -> (r.partition() == null ? 0 : r.partition()) == partition).toList();
    }

    /** A consumer of the committed records: a partition's records are there once it is assigned. */
    @Override
    public Consumer<byte[], byte[]> consumer(String clientId) {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
            /** Partitions stay assigned: MockConsumer's poll walks the records of every partition it holds. */
            private final java.util.Set<TopicPartition> assigned = new java.util.LinkedHashSet<>();

            @Override
            public synchronized void assign(java.util.Collection<TopicPartition> partitions) {
                assigned.addAll(partitions);
                super.assign(assigned);
                partitions.forEach(this::load);
            }

            /** MockConsumer's poll hands records out once: a seek makes the partition's records readable again. */
            @Override
            public synchronized void seek(TopicPartition tp, long offset) {
                super.seek(tp, offset);
                load(tp);
            }

            private void load(TopicPartition tp) {
                List<ProducerRecord<byte[], byte[]>> records = MockKafka.this.committed(TOPIC, tp.partition());
                updateBeginningOffsets(Map.of(tp, 0L));
                updateEndOffsets(Map.of(tp, (long) records.size()));
                for (int i = 0; i < records.size(); i++) {
                    ProducerRecord<byte[], byte[]> r = records.get(i);
                    addRecord(new ConsumerRecord<>(TOPIC, tp.partition(), i, 0L, TimestampType.CREATE_TIME, 0,
                            r.value().length, r.key(), r.value(), r.headers(), Optional.empty()));
                }
            }
        };
        consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
        return consumer;
    }

    /** The records committed to partition {@code partition} of the main topic. */
    synchronized List<ProducerRecord<byte[], byte[]>> committed(int partition) {
        return committed(TOPIC).stream().filter(r -> (r.partition() == null ? 0 : r.partition()) == partition).toList();
    }

    /** Admin clients made: the start-up checks' (topics, limits). */
    int admins;

    @Override
    public Admin admin() {
        admins++;
        Node node = new Node(0, "localhost", 9092);
        MockAdminClient admin = MockAdminClient.create().brokers(List.of(node)).build();
        for (String topic : List.of(TOPIC, DLQ)) {
            List<TopicPartitionInfo> infos = new ArrayList<>();
            for (int p = 0; p < (topic.equals(TOPIC) ? partitions : 1); p++) {
                infos.add(new TopicPartitionInfo(p, node, List.of(node), List.of(node)));
            }
            admin.addTopic(false, topic, infos, Map.of("max.message.bytes", "1048588"));
        }
        return admin;
    }

    @Override
    public String bootstrapServers() {
        return "mock:9092";
    }

    /** One attempt's producer: its transactions reach {@link #committed} when they commit, as on a broker. */
    final class Producer extends MockProducer<byte[], byte[]> {
        private final List<ProducerRecord<byte[], byte[]>> open = new ArrayList<>();
        private RuntimeException failed;

        Producer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            if (record.topic().equals(TOPIC) && record.value() != null && record.value().length > refuseAbove) {
                RecordTooLargeException e = new RecordTooLargeException("the batch is larger than the topic allows");
                failed = failed == null ? e : failed;
                if (callback != null) {
                    callback.onCompletion(null, e);
                }
                return CompletableFuture.failedFuture(e);
            }
            open.add(record);
            return super.send(record, callback);
        }

        @Override
        public void commitTransaction() {
            beforeCommit.run();
            if (failed != null) {
                super.abortTransaction();
                open.clear();
                throw new KafkaException("Cannot execute transactional method because we are in an error state",
                        failed);
            }
            super.commitTransaction();
            synchronized (MockKafka.this) {
                committed.addAll(open);
            }
            open.clear();
        }

        @Override
        public void abortTransaction() {
            super.abortTransaction();
            open.clear();
        }
    }
}
