package com.csvtokafka.kafka;

import com.csvtokafka.position.Anchor;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.recovery.Generation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Finds the job's last committed record in the partition. With {@code read_committed} the end offset is the
 * last stable offset and aborted records are never returned, so the last anchor of our job is the anchor of our last
 * committed transaction (docs/architecture.md, "Recovery"). Scans backwards from the end
 * in growing windows: transaction markers take offsets, and other writers may share the partition. The scan stops at
 * the job's newest anchor of any generation: whether it belongs to the current one is recovery's question
 * ({@code recovery/Generation} says why that needs no deeper search).
 */
public final class KafkaTail {
    private static final int FIRST_WINDOW = 64;

    private KafkaTail() {
    }

    /**
     * @param hint the offset of a record of this job known to be committed (from the checkpoint), or -1. When the
     *             last few records are not the job's (typically: an aborted transaction of a crashed run), one
     *             pass from the hint to the end finds the anchor without searching backwards.
     */
    public static Optional<Anchor> lastAnchor(Consumer<byte[], byte[]> consumer, TopicPartition tp, String jobId,
                                              long hint, Duration timeout) {
        consumer.assign(List.of(tp));
        long begin = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
        long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
        long upTo = end;
        long window = FIRST_WINDOW;
        if (hint >= begin && hint < end) {
            Optional<Anchor> found = lastOfJob(consumer, tp, jobId, Math.max(hint, end - FIRST_WINDOW), end, timeout);
            if (found.isEmpty() && hint < end - FIRST_WINDOW) {
                found = lastOfJob(consumer, tp, jobId, hint, end, timeout);
            }
            if (found.isPresent()) {
                return found;
            }
            // the hint was wrong (say, the topic was recreated): search the whole partition backwards
        }
        while (upTo > begin) {
            long from = Math.max(begin, upTo - window);
            Optional<Anchor> found = lastOfJob(consumer, tp, jobId, from, upTo, timeout);
            if (found.isPresent()) {
                return found;
            }
            upTo = from;
            window = Math.min(window * 8, 1 << 20);
        }
        return Optional.empty();
    }

    /** Each listed partition's last anchor of the job, of any generation (see {@code recovery/Generation}). */
    public static List<Optional<Anchor>> lastAnchors(Consumer<byte[], byte[]> consumer, String topic,
                                                     List<Integer> partitions, String jobId, Duration timeout) {
        List<Optional<Anchor>> last = new java.util.ArrayList<>();
        for (int p : partitions) {
            last.add(lastAnchor(consumer, new TopicPartition(topic, p), jobId, -1, timeout));
        }
        return last;
    }

    /**
     * A keyed job's newest anchor per lane, of the newest generation Kafka holds (docs/architecture.md, "Keyed
     * mode"): see {@link #newestOfLanes(List, int)}.
     */
    public static List<Optional<Anchor>> newestOfLanes(Consumer<byte[], byte[]> consumer, String topic,
                                                       List<Integer> partitions, int lanes, String jobId,
                                                       Duration timeout) {
        return newestOfLanes(Generation.latest(lastAnchors(consumer, topic, partitions, jobId, timeout)), lanes);
    }

    /**
     * A keyed job's newest anchor per lane: the i-th of the listed partitions' anchors belongs to lane i mod
     * {@code lanes}, and a lane's newest anchor is the one of its partitions' last anchors that has come furthest.
     */
    public static List<Optional<Anchor>> newestOfLanes(List<Optional<Anchor>> partitionAnchors, int lanes) {
        List<Optional<Anchor>> newest = new java.util.ArrayList<>();
        for (int k = 0; k < lanes; k++) {
            newest.add(Optional.empty());
        }
        for (int i = 0; i < partitionAnchors.size(); i++) {
            Optional<Anchor> anchor = partitionAnchors.get(i);
            int k = i % lanes;
            if (anchor.isPresent() && (newest.get(k).isEmpty() || newest.get(k).get().next().before(anchor.get().next()))) {
                newest.set(k, anchor);
            }
        }
        return newest;
    }

    private static Optional<Anchor> lastOfJob(Consumer<byte[], byte[]> consumer, TopicPartition tp, String jobId,
                                              long from, long upTo, Duration timeout) {
        consumer.seek(tp, from);
        Anchor last = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(tp, timeout) < upTo) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading the tail of " + tp + " (offsets " + from + ".." + upTo
                        + ") took longer than " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                if (record.offset() >= upTo) {
                    break;
                }
                if (AnchorCodec.isAnchorOf(record.headers(), jobId)) {
                    last = AnchorCodec.read(record.headers(), record.offset());
                }
            }
        }
        return Optional.ofNullable(last);
    }
}
