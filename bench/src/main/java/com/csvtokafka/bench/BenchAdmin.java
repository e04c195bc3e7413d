package com.csvtokafka.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The few broker chores of bin/bench, in one JVM per call so they stay off the timed path:
 * <pre>
 *   create BOOTSTRAP TOPIC...        single-partition topics (replication factor 1); TOPIC:N has N partitions
 *   create-partitioned BOOTSTRAP N TOPIC...   topics of N partitions (replication factor 1)
 *   delete BOOTSTRAP TOPIC...
 *   end-offset BOOTSTRAP TOPIC       partition 0's end offset (transaction markers included)
 *   end-offsets BOOTSTRAP TOPIC      the sum of every partition's end offset (transaction markers included)
 *   first-after BOOTSTRAP TOPIC OFF  "OFFSET TIMESTAMP_MS" of the first committed record at or after OFF
 * </pre>
 * The record timestamp is the producer's CreateTime, taken in {@code send()}: for a resumed job it is the moment
 * the first row after the resume left the reader.
 */
public final class BenchAdmin {

    private BenchAdmin() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: BenchAdmin create|create-partitioned|delete|end-offset|end-offsets|first-after"
                    + " BOOTSTRAP TOPIC [..]");
            System.exit(2);
        }
        String bootstrap = args[1];
        List<String> rest = Arrays.asList(args).subList(2, args.length);
        switch (args[0]) {
            case "create" -> create(bootstrap, 1, rest);
            case "create-partitioned" -> create(bootstrap, Integer.parseInt(rest.get(0)), rest.subList(1, rest.size()));
            case "delete" -> delete(bootstrap, rest);
            case "end-offset" -> System.out.println(endOffset(bootstrap, rest.get(0)));
            case "end-offsets" -> System.out.println(endOffsets(bootstrap, rest.get(0)));
            case "first-after" -> System.out.println(firstAfter(bootstrap, rest.get(0), Long.parseLong(rest.get(1))));
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    /** Topics of {@code partitions} partitions, or {@code NAME:N} of N partitions (the shards case). */
    private static void create(String bootstrap, int partitions, List<String> topics)
            throws InterruptedException, ExecutionException {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(topics.stream().map(t -> t.contains(":")
                    ? new NewTopic(t.substring(0, t.indexOf(':')), Integer.parseInt(t.substring(t.indexOf(':') + 1)), (short) 1)
                    : new NewTopic(t, partitions, (short) 1)).toList()).all().get();
        }
    }

    private static void delete(String bootstrap, List<String> topics) throws InterruptedException, ExecutionException {
        try (Admin admin = admin(bootstrap)) {
            admin.deleteTopics(topics).all().get();
        }
    }

    private static long endOffset(String bootstrap, String topic) throws InterruptedException, ExecutionException {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = admin(bootstrap)) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
        }
    }

    private static long endOffsets(String bootstrap, String topic) throws InterruptedException, ExecutionException {
        try (Admin admin = admin(bootstrap)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int i = 0; i < partitions; i++) {
                latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            long sum = 0;
            for (var info : admin.listOffsets(latest).all().get().values()) {
                sum += info.offset();
            }
            return sum;
        }
    }

    private static String firstAfter(String bootstrap, String topic, long offset) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    return record.offset() + " " + record.timestamp();
                }
            }
        }
        throw new IllegalStateException("no committed record at or after offset " + offset + " of " + topic);
    }
}
