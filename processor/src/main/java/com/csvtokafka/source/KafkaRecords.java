package com.csvtokafka.source;

import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.Position;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records of a Kafka source topic (docs/architecture.md, "Record sources"): input p is source partition p, a
 * Position's offset the next source offset to copy and its row that offset + 1. Each partition is read from its
 * pinned first offset up to its pinned end offset ({@link PinnedTopic}), or on and on when following (--follow),
 * with a read_committed consumer of its own (assign() only, no group), so records of aborted transactions and control
 * records are never copied.
 *
 * <p>Each record is copied as it is — key, value, timestamp, the source's headers in their order — into the target
 * partition its {@link Partitioner} names (partition p, or one chosen by its key), our headers after the source's
 * ({@link KafkaPartitionStream}); or, with a {@link Shaping}, its value is read as a row and shaped into the record
 * to send (or a bad row) as a file's row is.
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

    /** Told, every {@link Watch#interval} while a partition is read, how far its copy is behind the source. */
    @FunctionalInterface
    public interface LagListener {
        /**
         * @param next the next source offset the copy reads
         * @param end  the partition's end offset as a read_committed reader sees it (its last stable offset)
         */
        void lag(int partition, long next, long end);
    }

    /**
     * Who hears how the copy of each partition goes.
     *
     * @param gaps     null: a gap fails the job; else told of each gap, and the copy goes on after it
     * @param lags     told each partition's lag every {@code interval}
     */
    public record Watch(GapListener gaps, LagListener lags, Duration interval) {
    }

    private final PinnedTopic topic;
    private final List<Long> sourceEnd;
    private final boolean follow;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String target;
    private final Partitioner partitioner;
    private final Headers headers;
    private final Shaping shaping;
    private final Watch watch;

    /**
     * @param sourceEnd each partition's end offset when this run started: no copy can have come further
     * @param follow    copy on past the pinned end offsets, until stopped
     * @param consumers makes a read_committed, group-less consumer of the source cluster whose
     *                  {@code auto.offset.reset} is {@code none}: a fetch below the log start fails instead of
     *                  silently skipping to it
     * @param target      the topic records are copied to
     * @param partitioner which partition of {@code target} each record goes to
     * @param shaping     null: records are copied as they are; else how each one's value is shaped
     */
    public KafkaRecords(PinnedTopic topic, List<Long> sourceEnd, boolean follow,
                        Supplier<Consumer<byte[], byte[]>> consumers, String target, Partitioner partitioner,
                        Headers headers, Shaping shaping, Watch watch) {
        this.topic = topic;
        this.sourceEnd = List.copyOf(sourceEnd);
        this.follow = follow;
        this.consumers = consumers;
        this.target = target;
        this.partitioner = partitioner;
        this.headers = headers;
        this.shaping = shaping;
        this.watch = watch;
    }

    /** The partition's pinned first offset. */
    @Override
    public Position start(int index) {
        long first = topic.begin().get(index);
        return Position.plain(index, first, first + 1, 0, 0);
    }

    @Override
    public RecordStream open(Position from) throws SourceUnusableException {
        long end = follow ? Long.MAX_VALUE : topic.end().get(from.input());
        return KafkaPartitionStream.open(consumers.get(), topic, from, end, target, partitioner, headers, shaping,
                watch);
    }

    @Override
    public List<String> header(int index) {
        return null;
    }

    /**
     * Past the partition's end: its pinned end offset, or where it ended when this run started if that is further (a
     * copy that followed the partition before went past its pinned end; a bounded run then has nothing more to copy).
     */
    @Override
    public boolean pastEnd(Position at) {
        return at.input() >= topic.partitions()
                || at.offset() > Math.max(topic.end().get(at.input()), sourceEnd.get(at.input()));
    }

    /** A followed topic has no end: a copy of it that completed before goes on. */
    @Override
    public boolean endless() {
        return follow;
    }
}
