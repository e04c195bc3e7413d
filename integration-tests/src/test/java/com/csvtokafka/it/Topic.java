package com.csvtokafka.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what a reader with {@code read_committed} sees in a partition: the test's independent view of the topic. */
public final class Topic {
    private Topic() {
    }

    public record Rec(long offset, String value, Map<String, String> headers, String key) {
    }

    /**
     * Turns off time retention for {@code topic}. Records whose own timestamps are older than the broker's
     * retention (7 days by default) would otherwise be deleted by its next retention check, even between two
     * reads of one test.
     */
    public static void keepForever(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "-1"), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
    }

    public static List<Rec> readCommitted(String topic, int partition) {
        return readCommitted(SharedStack.bootstrap(), topic, partition);
    }

    /** As {@link #readCommitted(String, int)}, from another cluster than the shared stack's. */
    public static List<Rec> readCommitted(String bootstrapServers, String topic, int partition) {
        List<Rec> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : raw(bootstrapServers, topic, partition)) {
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
            records.add(new Rec(r.offset(), new String(r.value(), StandardCharsets.UTF_8), headers,
                    r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8)));
        }
        return records;
    }

    /** The committed records of the shared stack's {@code topic} as they are (binary values: Avro). */
    public static List<ConsumerRecord<byte[], byte[]>> raw(String topic, int partition) {
        return raw(SharedStack.bootstrap(), topic, partition);
    }

    /** As {@link #raw(String, int)}, from another cluster than the shared stack's. */
    public static List<ConsumerRecord<byte[], byte[]>> raw(String bootstrapServers, String topic, int partition) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records.add(r);
                }
            }
        }
        return records;
    }

    /**
     * Partition 0 of {@code topic} holds exactly {@code values}, in order, the i-th carrying csv.row
     * {@code rowNumbers.get(i)} (row numbers restart in each file of an input set).
     */
    public static void assertExactly(String topic, List<String> values, List<Long> rowNumbers) {
        List<Rec> records = readCommitted(topic, 0);
        for (int i = 0; i < Math.min(records.size(), values.size()); i++) {
            Rec r = records.get(i);
            if (!r.value().equals(values.get(i)) || !Long.toString(rowNumbers.get(i)).equals(r.headers().get("csv.row"))) {
                throw new AssertionError("record " + i + " at offset " + r.offset() + " is row " + r.headers().get("csv.row")
                        + " '" + r.value() + "', expected row " + rowNumbers.get(i) + " '" + values.get(i) + "'");
            }
        }
        if (records.size() != values.size()) {
            throw new AssertionError(topic + " holds " + records.size() + " records, expected " + values.size());
        }
    }

    /** Every part's rows in order, once, each numbered within its part (the files of an input set). */
    public static void assertPartsExactlyOnce(String topic, List<List<String>> parts) {
        List<String> values = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        for (List<String> part : parts) {
            values.addAll(part);
            for (long row = 1; row <= part.size(); row++) {
                rows.add(row);
            }
        }
        assertExactly(topic, values, rows);
    }

    public static List<String> values(String topic) {
        return readCommitted(topic, 0).stream().map(Rec::value).toList();
    }
}
