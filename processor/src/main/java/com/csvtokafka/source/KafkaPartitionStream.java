package com.csvtokafka.source;

import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.position.Position;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One source partition of {@link KafkaRecords} from a Position on: a read_committed consumer polled on a thread of
 * its own, its records copied into batches in offset order. Each batch record's offset is its source offset, its
 * number offset + 1, and the next record starts at offset + 1 — except after the last record of a poll, where the
 * next starts at the consumer's position: offsets between (transaction markers, aborted or compacted records) hold
 * nothing to copy, so a resume from there skips them without reading them again.
 *
 * <p>A source partition whose log start has moved past the next offset to copy has lost records (retention,
 * deleteRecords, a re-created topic): a gap, which fails the stream unless a {@link KafkaRecords.GapListener} takes
 * it; then the copy goes on from the log start.
 *
 * <p>Every {@link KafkaRecords.Watch#interval} the reading thread tells the {@link KafkaRecords.LagListener} how far
 * it is behind the partition's last stable offset: known from the fetch responses ({@code currentLag}), so no call
 * to the broker.
 */
final class KafkaPartitionStream implements RecordStream {
    private static final int BATCHES = 4;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long HAND_OUT_MILLIS = 100;

    private final Consumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final String uri;
    /** Where the copy of this partition ends: its pinned end offset, or Long.MAX_VALUE when following. */
    private final long end;
    private final long from;
    private final String target;
    private final KafkaRecords.Partitioner partitioner;
    private final KafkaRecords.Headers headers;
    private final KafkaRecords.GapListener gaps;
    private final KafkaRecords.Shaping shaping;
    /** Null while not started, and for records copied as they are. */
    private KafkaRecords.Shaper shaper;
    private final KafkaRecords.Watch watch;
    private final byte[] topicName;
    private final byte[] partitionNumber;
    private final BlockingQueue<RecordBatch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<RecordBatch> full = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile boolean closed;
    private AnchorCodec codec;
    /** System.nanoTime() of the next lag report. */
    private long lagDue;

    private KafkaPartitionStream(Consumer<byte[], byte[]> consumer, PinnedTopic topic, Position from, long end,
                                 String target, KafkaRecords.Partitioner partitioner, KafkaRecords.Headers headers,
                                 KafkaRecords.Shaping shaping, KafkaRecords.Watch watch) {
        this.consumer = consumer;
        this.partition = new TopicPartition(topic.uri().topic(), from.input());
        this.uri = topic.uri().partitionUri(from.input());
        this.end = end;
        this.from = from.offset();
        this.target = target;
        this.partitioner = partitioner;
        this.headers = headers;
        this.shaping = shaping;
        this.gaps = watch.gaps();
        this.watch = watch;
        this.topicName = AnchorCodec.utf8(topic.uri().topic());
        this.partitionNumber = AnchorCodec.ascii(from.input());
        for (int i = 0; i < BATCHES; i++) {
            free.add(new RecordBatch());
        }
        this.thread = new Thread(this::read, "kafka-source-" + from.input());
        this.thread.setDaemon(true);
    }

    /**
     * The partition of {@code from.input()} opened at {@code from.offset()}, past a gap before it if allowed, read up
     * to {@code end} (exclusive).
     */
    static KafkaPartitionStream open(Consumer<byte[], byte[]> consumer, PinnedTopic topic, Position from, long end,
                                     String target, KafkaRecords.Partitioner partitioner, KafkaRecords.Headers headers,
                                     KafkaRecords.Shaping shaping, KafkaRecords.Watch watch)
            throws SourceUnusableException {
        KafkaPartitionStream stream = new KafkaPartitionStream(consumer, topic, from, end, target, partitioner,
                headers, shaping, watch);
        try {
            consumer.assign(List.of(stream.partition));
            if (!stream.empty()) {
                consumer.seek(stream.partition, stream.pastGap(from.offset()));
            }
            return stream;
        } catch (SourceUnusableException | RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Where reading goes on from {@code next}: {@code next} itself, or the partition's log start when records before
     * it are gone (a gap the listener took; without one the gap fails the stream).
     */
    private long pastGap(long next) throws SourceUnusableException {
        long logStart = consumer.beginningOffsets(List.of(partition)).get(partition);
        if (logStart <= next) {
            return next;
        }
        long lostTo = Math.min(logStart, end);
        if (gaps == null) {
            throw new SourceUnusableException("records " + next + "-" + (lostTo - 1) + " of " + uri + " are gone from the "
                    + "source before they were copied (retention, deleteRecords or a re-created topic): the partition "
                    + "now starts at offset " + logStart + ". Run again with --allow-gaps to copy what is left (each gap "
                    + "is an event), or `reset` the job to start over");
        }
        gaps.gap(uri, next, lostTo);
        return logStart;
    }

    @Override
    public String encoding() {
        return "none";
    }

    @Override
    public long skippedBytes() {
        return 0;
    }

    @Override
    public long skippedMillis() {
        return 0;
    }

    @Override
    public List<String> header() {
        return null;
    }

    @Override
    public boolean empty() {
        return from >= end;
    }

    @Override
    public void start(AnchorCodec codec) throws RecordSourceException {
        this.codec = codec;
        if (shaping != null) {
            shaper = shaping.open(partition.partition(), codec);
        }
        thread.start();
    }

    @Override
    public RecordBatch poll() throws InterruptedException {
        return full.poll(HAND_OUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void recycle(RecordBatch batch) {
        batch.clear();
        free.add(batch);
    }

    @Override
    public Position.Seek seekFor(long offset) {
        return null;
    }

    @Override
    public long storedPosition(long offset) {
        return offset;
    }

    /** The reading thread: owns the consumer from its start, and closes it at its end. */
    private void read() {
        RecordBatch current = null;
        try {
            current = take();
            lagDue = System.nanoTime();
            while (consumer.position(partition) < end) {
                current = copyPoll(current);
                reportLag();
            }
            current.end = true;
            put(current);
        } catch (WakeupException | InterruptException e) {
            // closed: nobody waits for more records
        } catch (SourceUnusableException | RuntimeException e) {
            if (!closed && current != null) {
                current.failure = e;
                try {
                    put(current);
                } catch (WakeupException closedMeanwhile) {
                    // nobody waits for the failure any more
                }
            }
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    /** One poll's records into {@code current}, handed on when full and after the poll; the batch to fill next. */
    private RecordBatch copyPoll(RecordBatch current) throws SourceUnusableException {
        List<ConsumerRecord<byte[], byte[]>> records;
        try {
            records = consumer.poll(POLL).records(partition);
        } catch (OffsetOutOfRangeException e) { // the log start passed the position while copying
            consumer.seek(partition, pastGap(consumer.position(partition)));
            return current;
        }
        RecordBatch batch = current;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.offset() >= end) {
                break;
            }
            if (batch.size == RecordBatch.CAPACITY) {
                put(batch);
                batch = take();
            }
            batch.add(r.offset() + 1, r.offset(), r.offset() + 1, copy(r), null, null);
            if (shaper != null) {
                shaper.shape(r, batch, batch.size - 1);
            }
        }
        if (batch.size == 0) {
            return batch;
        }
        int last = batch.size - 1;
        batch.next[last] = Math.max(batch.next[last], Math.min(consumer.position(partition), end));
        put(batch);
        return take();
    }

    /**
     * Every interval: how far the reading is behind the partition's last stable offset, as the last fetch response
     * said (none yet: told after the next poll).
     */
    private void reportLag() {
        long now = System.nanoTime();
        OptionalLong behind = consumer.currentLag(partition);
        if (now - lagDue < 0 || behind.isEmpty()) {
            return;
        }
        lagDue = now + watch.interval().toNanos();
        long next = consumer.position(partition);
        watch.lags().lag(partition.partition(), next, next + behind.getAsLong());
    }

    /** The record to send, to the partitioner's partition: the source's key, value, timestamp and headers, then ours. */
    private ProducerRecord<byte[], byte[]> copy(ConsumerRecord<byte[], byte[]> r) {
        Header[] own = r.headers().toArray();
        int n = own.length;
        Header[] all = Arrays.copyOf(own, n + switch (headers) {
            case NONE -> 0;
            case PROVENANCE -> 3;
            case ALL -> 9;
        });
        if (headers != KafkaRecords.Headers.NONE) {
            all[n] = new RecordHeader(AnchorCodec.SRC_TOPIC, topicName);
            all[n + 1] = new RecordHeader(AnchorCodec.SRC_PARTITION, partitionNumber);
            all[n + 2] = new RecordHeader(AnchorCodec.SRC_OFFSET, AnchorCodec.ascii(r.offset()));
        }
        if (headers == KafkaRecords.Headers.ALL) {
            System.arraycopy(codec.positionSet(r.offset() + 1, r.offset(), r.offset() + 1), 0, all, n + 3, 6);
        }
        return new ProducerRecord<>(target, partitioner.partition(partition.partition(), r.key()), r.timestamp(),
                r.key(), r.value(), new RecordHeaders(all));
    }

    private RecordBatch take() {
        try {
            while (!closed) {
                RecordBatch b = free.poll(HAND_OUT_MILLIS, TimeUnit.MILLISECONDS);
                if (b != null) {
                    return b;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new WakeupException();
    }

    private void put(RecordBatch b) {
        try {
            while (!closed) {
                if (full.offer(b, HAND_OUT_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new WakeupException();
    }

    /** Stops the reading thread, which closes the consumer; a stream never started closes it here. */
    @Override
    public void close() {
        closed = true;
        if (!thread.isAlive() && codec == null) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
