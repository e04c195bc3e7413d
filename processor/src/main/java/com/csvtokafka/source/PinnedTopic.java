package com.csvtokafka.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka source topic as a job pins it when it first starts (docs/architecture.md, "Record sources"): the topic's
 * id (a topic deleted and created again has another), and for each partition its first offset and its end offset
 * as a read_committed reader sees them (the last stable offset). A bounded job copies each partition up to its
 * pinned end, so a restart copies up to the same end; the first offsets are where a new job starts, and records
 * gone from before them later are a gap. Recorded in the checkpoint store as the job's input set is.
 */
public record PinnedTopic(KafkaSourceUri uri, String topicId, List<Long> begin, List<Long> end) {
    private static final String FORMAT = "kafka-topic-v1";

    public PinnedTopic {
        begin = List.copyOf(begin);
        end = List.copyOf(end);
    }

    /** The topic as it stands now. */
    public static PinnedTopic read(KafkaSourceUri uri, Admin admin, Consumer<byte[], byte[]> consumer)
            throws SourceNotFoundException, SourceUnusableException {
        TopicDescription topic;
        try {
            topic = admin.describeTopics(List.of(uri.topic())).allTopicNames().get().get(uri.topic());
        } catch (ExecutionException e) {
            throw new SourceNotFoundException("cannot read source topic " + uri.topic() + " on " + uri.bootstrapServers()
                    + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnusableException("interrupted while reading source topic " + uri);
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < topic.partitions().size(); p++) {
            partitions.add(new TopicPartition(uri.topic(), p));
        }
        Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> last = consumer.endOffsets(partitions);
        return new PinnedTopic(uri, topic.topicId().toString(), partitions.stream().map(first::get).toList(),
                partitions.stream().map(last::get).toList());
    }

    public int partitions() {
        return end.size();
    }

    /**
     * The job's input set: one input per source partition, in partition order, named by the partition's URI; its
     * size the pinned end offset, its version the topic's id.
     */
    public InputSet inputs() {
        List<SourceInfo> inputs = new ArrayList<>();
        for (int p = 0; p < partitions(); p++) {
            inputs.add(new SourceInfo(uri.partitionUri(p), end.get(p), topicId));
        }
        return new InputSet(uri.toString(), inputs);
    }

    /** A first line naming the format and the topic id, then {@code partition TAB begin TAB end} per partition. */
    public String encode() {
        StringBuilder out = new StringBuilder(FORMAT).append('\t').append(topicId).append('\n');
        for (int p = 0; p < partitions(); p++) {
            out.append(p).append('\t').append(begin.get(p)).append('\t').append(end.get(p)).append('\n');
        }
        return out.toString();
    }

    /** True when {@code text}, an input set as the checkpoint store holds it, is a pinned topic. */
    public static boolean isPinnedTopic(String text) {
        return text.startsWith(FORMAT + "\t");
    }

    public static PinnedTopic decode(KafkaSourceUri uri, String text) {
        String[] lines = text.split("\n");
        String[] head = lines[0].split("\t");
        if (!head[0].equals(FORMAT)) {
            throw new IllegalArgumentException("not a pinned Kafka topic: " + lines[0]);
        }
        List<Long> begin = new ArrayList<>();
        List<Long> end = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t");
            begin.add(Long.parseLong(f[1]));
            end.add(Long.parseLong(f[2]));
        }
        return new PinnedTopic(uri, head[1], begin, end);
    }
}
