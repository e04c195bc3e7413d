package com.csvtokafka.verify;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one partition from an offset up to an end offset fixed beforehand, as a read_committed consumer
 * sees them (assign() only, no group): records of aborted transactions and control records never appear, and the
 * offsets they take are skipped. {@link #peek(int)} looks ahead without consuming, for the comparison's look-ahead.
 */
final class PartitionReader {
    /** A partition whose position does not move for this long is unreachable, not slow. */
    private static final Duration STALLED = Duration.ofSeconds(60);

    private final Consumer<byte[], byte[]> consumer;
    private final TopicPartition tp;
    private final long end;
    private final boolean copy;
    private final Deque<Fingerprint> ahead = new ArrayDeque<>();
    private long read;

    /** @param copy true for the target (a copy's headers end with ours), false for the source */
    PartitionReader(Consumer<byte[], byte[]> consumer, TopicPartition tp, long from, long end, boolean copy) {
        this.consumer = consumer;
        this.tp = tp;
        this.end = end;
        this.copy = copy;
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
    }

    /** The i-th record from here (0: the next one), or null past the end. */
    Fingerprint peek(int i) {
        while (ahead.size() <= i) {
            if (!fill()) {
                return null;
            }
        }
        return ahead.stream().skip(i).findFirst().orElseThrow();
    }

    /** The next record, or null at the end. */
    Fingerprint next() {
        Fingerprint next = peek(0);
        if (next != null) {
            ahead.removeFirst();
            read++;
        }
        return next;
    }

    /** How many records {@link #next()} returned. */
    long read() {
        return read;
    }

    /** Polls once; false when the end is reached. */
    private boolean fill() {
        long deadline = System.nanoTime() + STALLED.toNanos();
        long position = consumer.position(tp);
        while (position < end) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end) {
                    ahead.add(copy ? Fingerprint.ofCopy(r) : Fingerprint.ofSource(r));
                }
            }
            long now = consumer.position(tp);
            if (now > position) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reading " + tp + " made no progress for " + STALLED.toSeconds()
                        + " s at offset " + now + " (reading up to " + end + "): is its cluster reachable?");
            }
        }
        return false;
    }
}
