package com.csvtokafka.source;

import com.csvtokafka.position.Position;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The records of a Kafka source topic (docs/architecture.md, "Record sources"): input p is source partition p, a
 * Position's offset the next source offset to copy and its row that offset + 1. Each partition is read from its
 * pinned first offset up to its pinned end offset ({@link PinnedTopic}), with a read_committed consumer of its own
 * (assign() only, no group), so records of aborted transactions and control records are never copied.
 *
 * <p>Each record is copied as it is — key, value, timestamp, the source's headers in their order — into the target
 * partition its {@link Partitioner} names (partition p, or one chosen by its key), our headers after the source's
 * ({@link KafkaPartitionStream}).
 */
public final class KafkaRecords implements RecordSource {
    /** Which of our headers each copied record carries; a transaction's last record always carries the anchor. */
    public enum Headers {
        /** Only anchors. */
        NONE,
        /** {@code src.topic}, {@code src.partition}, {@code src.offset}. */
        PROVENANCE,
        /** The provenance and the position set ({@code csv.row} = offset + 1, {@code csv.offset}, ...). */
        ALL
    }

    /** Told of each gap: records of a partition gone (retention, deleteRecords) before they were copied. */
    @FunctionalInterface
    public interface GapListener {
        void gap(String partitionUri, long from, long to);
    }

    /** The target partition of a copied record, from its source partition and key (null for a record without one). */
    @FunctionalInterface
    public interface Partitioner {
        /** Source partition p into target partition p. */
        Partitioner SAME = (sourcePartition, key) -> sourcePartition;

        int partition(int sourcePartition, byte[] key);
    }

    private final PinnedTopic topic;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String target;
    private final Partitioner partitioner;
    private final Headers headers;
    private final GapListener gaps;

    /**
     * @param consumers makes a read_committed, group-less consumer of the source cluster whose
     *                  {@code auto.offset.reset} is {@code none}: a fetch below the log start fails instead of
     *                  silently skipping to it
     * @param target      the topic records are copied to
     * @param partitioner which partition of {@code target} each record goes to
     * @param gaps        null: a gap fails the job; else told of each gap, and the copy goes on after it
     */
    public KafkaRecords(PinnedTopic topic, Supplier<Consumer<byte[], byte[]>> consumers, String target,
                        Partitioner partitioner, Headers headers, GapListener gaps) {
        this.topic = topic;
        this.consumers = consumers;
        this.target = target;
        this.partitioner = partitioner;
        this.headers = headers;
        this.gaps = gaps;
    }

    /** The partition's pinned first offset. */
    @Override
    public Position start(int index) {
        long first = topic.begin().get(index);
        return Position.plain(index, first, first + 1, 0, 0);
    }

    @Override
    public RecordStream open(Position from) throws SourceUnusableException {
        return KafkaPartitionStream.open(consumers.get(), topic, from, target, partitioner, headers, gaps);
    }

    @Override
    public List<String> header(int index) {
        return null;
    }

    /** Past the partition's pinned end offset. */
    @Override
    public boolean pastEnd(Position at) {
        return at.input() >= topic.partitions() || at.offset() > topic.end().get(at.input());
    }
}
