package com.csvtokafka.kafka;

import com.csvtokafka.position.Anchor;
import com.csvtokafka.position.AnchorCodec;
import com.csvtokafka.recovery.Generation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;

/**
 * Finds the job's last committed record in the partition. With {@code read_committed} the end offset is the
 * last stable offset and aborted records are never returned, so the last anchor of our job is the anchor of our last
 * committed transaction (docs/architecture.md, "Recovery rules"). Scans backwards from the end
 * in growing windows: transaction markers take offsets, and other writers may share the partition. The scan stops at
 * the job's newest anchor of any generation: whether it belongs to the current one is recovery's question
 * ({@code recovery/Generation} says why that needs no deeper search).
 */
public final class KafkaTail {
    private static final int FIRST_WINDOW = 64;
    private static final int NEAR_END = 1 << 16;

    private KafkaTail() {
    }

    /**
     * @param hint the offset of a record of this job known to be committed (from the checkpoint), or -1. When the
     *             last few records are not the job's (typically: an aborted transaction of a crashed run), one
     *             pass from the hint to the end finds the anchor without searching backwards.
     */
    public static Optional<Anchor> lastAnchor(Consumer<byte[], byte[]> consumer, TopicPartition tp, String jobId,
                                              long hint, Duration timeout) {
        return lastAnchor(consumer, tp, h -> AnchorCodec.isAnchorOf(h, jobId), hint, timeout);
    }

    /**
     * The newest anchor among the partition's last {@value #NEAR_END} offsets, of job {@code jobId} or, when null, of
     * any job. A job's last committed record is an anchor, so a job that wrote last is found at once; a partition
     * no job of ours wrote near its end is not read any further.
     */
    public static Optional<Anchor> lastAnchorNearEnd(Consumer<byte[], byte[]> consumer, TopicPartition tp, String jobId,
                                                     Duration timeout) {
        consumer.assign(List.of(tp));
        long begin = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
        long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
        Predicate<Headers> anchor = jobId == null ? AnchorCodec::isAnchor : h -> AnchorCodec.isAnchorOf(h, jobId);
        return backwards(consumer, tp, anchor, Math.max(begin, end - NEAR_END), end, timeout);
    }

    /**
     * Where the generation of {@code newest} (a job's newest anchor in {@code tp}) begins: just after the job's
     * newest anchor of an older generation, or the partition's beginning when there is none. A job's generations
     * follow one another in each partition (a reset is refused under a live lease, and the new generation's producer
     * fences every older one: docs/architecture.md, "Generations"), and every committed transaction ends with an
     * anchor, so all that comes after that older anchor is the newest generation's. Searched backwards from
     * {@code newest} in growing windows: it reads about as much as the newest generation wrote.
     */
    public static long generationStart(Consumer<byte[], byte[]> consumer, TopicPartition tp, Anchor newest,
                                       Duration timeout) {
        consumer.assign(List.of(tp));
        long begin = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
        if (newest.generation() == 0) {
            return begin; // generation 0 is the job's first: nothing of it comes before
        }
        Predicate<Headers> older = h -> AnchorCodec.isAnchorOf(h, newest.job())
                && AnchorCodec.generation(h) < newest.generation();
        return backwards(consumer, tp, older, begin, newest.kafkaOffset(), timeout).map(a -> a.kafkaOffset() + 1)
                .orElse(begin);
    }

    private static Optional<Anchor> lastAnchor(Consumer<byte[], byte[]> consumer, TopicPartition tp,
                                               Predicate<Headers> anchorOfJob, long hint, Duration timeout) {
        consumer.assign(List.of(tp));
        long begin = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
        long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
        if (hint >= begin && hint < end) {
            Optional<Anchor> found = lastMatching(consumer, tp, anchorOfJob, Math.max(hint, end - FIRST_WINDOW), end,
                    timeout);
            if (found.isEmpty() && hint < end - FIRST_WINDOW) {
                found = lastMatching(consumer, tp, anchorOfJob, hint, end, timeout);
            }
            if (found.isPresent()) {
                return found;
            }
            // the hint was wrong (say, the topic was recreated): search the whole partition backwards
        }
        return backwards(consumer, tp, anchorOfJob, begin, end, timeout);
    }

    /** The newest anchor matching {@code anchor} below {@code upTo}, searched backwards in growing windows. */
    private static Optional<Anchor> backwards(Consumer<byte[], byte[]> consumer, TopicPartition tp,
                                              Predicate<Headers> anchor, long begin, long upTo, Duration timeout) {
        long window = FIRST_WINDOW;
        while (upTo > begin) {
            long from = Math.max(begin, upTo - window);
            Optional<Anchor> found = lastMatching(consumer, tp, anchor, from, upTo, timeout);
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
            int k = laneOf(i, lanes);
            if (anchor.isPresent() && (newest.get(k).isEmpty() || newest.get(k).get().next().before(anchor.get().next()))) {
                newest.set(k, anchor);
            }
        }
        return newest;
    }

    /** The lane of a keyed job that owns the {@code listedIndex}-th of its listed partitions: the one rule of it. */
    public static int laneOf(int listedIndex, int lanes) {
        return listedIndex % lanes;
    }

    private static Optional<Anchor> lastMatching(Consumer<byte[], byte[]> consumer, TopicPartition tp,
                                                 Predicate<Headers> anchor, long from, long upTo, Duration timeout) {
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
                if (anchor.test(record.headers())) {
                    last = AnchorCodec.read(record.headers(), record.offset());
                }
            }
        }
        return Optional.ofNullable(last);
    }
}
