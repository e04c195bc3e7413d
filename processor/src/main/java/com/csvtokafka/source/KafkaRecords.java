package com.csvtokafka.source;

import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.Position;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records of a Kafka source topic (docs/architecture.md, "Record sources"): input p is source partition p, a
 * Position's offset the next source offset to copy and its row that offset + 1. Each partition is read from its
 * pinned first offset up to its pinned end offset ({@link PinnedTopic}), with a read_committed consumer of its own
 * (assign() only, no group), so records of aborted transactions and control records are never copied.
 *
 * <p>Each record is copied as it is — key, value, timestamp, the source's headers in their order — into target
 * partition p, our headers after the source's ({@link KafkaPartitionStream}); or, with a {@link Shaping}, its value
 * is read as a row and shaped into the record to send (or a bad row) as a file's row is.
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

    /**
     * Reads source values as rows ({@code --source-format json|csv}): makes the {@link Shaper} of each partition's
     * reading thread.
     */
    @FunctionalInterface
    public interface Shaping {
        /** The shaper of source partition {@code partition}'s records, its dead letters with {@code codec}'s headers. */
        Shaper open(int partition, AnchorCodec codec) throws RecordSourceException;
    }

    /** Turns the copy of a source record as it is into the record its value shapes, or into a bad row. */
    @FunctionalInterface
    public interface Shaper {
        /**
         * Replaces entry {@code i} of {@code batch}, the copy of {@code source} as it is (the source's key, value,
         * timestamp and headers, then ours), with the record its value shapes, or with why it is bad and its
         * dead letter.
         */
        void shape(ConsumerRecord<byte[], byte[]> source, RecordBatch batch, int i);
    }

    private final PinnedTopic topic;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String target;
    private final Headers headers;
    private final GapListener gaps;
    private final Shaping shaping;

    /**
     * @param consumers makes a read_committed, group-less consumer of the source cluster whose
     *                  {@code auto.offset.reset} is {@code none}: a fetch below the log start fails instead of
     *                  silently skipping to it
     * @param target    the topic records are copied to, partition p for source partition p
     * @param gaps      null: a gap fails the job; else told of each gap, and the copy goes on after it
     * @param shaping   null: records are copied as they are; else how each one's value is shaped
     */
    public KafkaRecords(PinnedTopic topic, Supplier<Consumer<byte[], byte[]>> consumers, String target,
                        Headers headers, GapListener gaps, Shaping shaping) {
        this.topic = topic;
        this.consumers = consumers;
        this.target = target;
        this.headers = headers;
        this.gaps = gaps;
        this.shaping = shaping;
    }

    /** The partition's pinned first offset. */
    @Override
    public Position start(int index) {
        long first = topic.begin().get(index);
        return Position.plain(index, first, first + 1, 0, 0);
    }

    @Override
    public RecordStream open(Position from) throws SourceUnusableException {
        return KafkaPartitionStream.open(consumers.get(), topic, from, target, headers, gaps, shaping);
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
