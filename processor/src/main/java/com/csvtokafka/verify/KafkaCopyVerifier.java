package com.csvtokafka.verify;

import com.csvtokafka.position.AnchorCodec;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Checks a copy of a Kafka topic against its source (docs/architecture.md, "Verifying a Kafka copy"): every record
 * the source holds read_committed, from its log start to the end offsets taken when verify starts, is in the target
 * exactly once, in order, with the same key, value, headers (the source's, ours after them left out) and timestamp.
 *
 * <p>A copy of partition p to partition p (the same partition count, no record naming another source partition in
 * its {@code src.partition}) is compared in step, record by record, with a look-ahead of one record to tell a missing,
 * extra, duplicated or swapped record from a changed one. A copy remapped by key (other partition counts, or records
 * from several source partitions in one target partition) is matched by its provenance headers ({@code src.partition},
 * {@code src.offset}): every source record exactly once, and per key the source partition's order; without those
 * headers it cannot be checked and is refused.
 */
public final class KafkaCopyVerifier {
    /** A topic to read: its name, partition count, and where reading starts in each partition (else its log start). */
    public record Side(String topic, int partitions, Map<Integer, Long> starts) {
    }

    private final Consumer<byte[], byte[]> source;
    private final Consumer<byte[], byte[]> target;

    /** Both consumers read_committed, without a group (assign() only). */
    public KafkaCopyVerifier(Consumer<byte[], byte[]> source, Consumer<byte[], byte[]> target) {
        this.source = source;
        this.target = target;
    }

    /**
     * Compares {@code to} with {@code from} as they are now.
     *
     * @throws IllegalArgumentException when the copy is remapped and its records lack provenance headers
     */
    public KafkaCopyReport verify(Side from, Side to) {
        Map<TopicPartition, long[]> sourceRange = ranges(source, from);
        Map<TopicPartition, long[]> targetRange = ranges(target, to);
        if (from.partitions() == to.partitions()) {
            List<KafkaCopyReport.PartitionResult> results = new ArrayList<>();
            for (int p = 0; p < from.partitions(); p++) {
                Optional<KafkaCopyReport.PartitionResult> r = inStep(p,
                        reader(source, sourceRange, from.topic(), p, false), reader(target, targetRange, to.topic(), p, true));
                if (r.isEmpty()) {
                    return byProvenance(from, to, sourceRange, targetRange);
                }
                results.add(r.get());
            }
            return new KafkaCopyReport("partition", results);
        }
        return byProvenance(from, to, sourceRange, targetRange);
    }

    /** Each partition's [start, end): from {@code side}'s start (or the log start) to the end offset now. */
    private static Map<TopicPartition, long[]> ranges(Consumer<byte[], byte[]> consumer, Side side) {
        List<TopicPartition> all = IntStream.range(0, side.partitions())
                .mapToObj(p -> new TopicPartition(side.topic(), p)).toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(all);
        Map<TopicPartition, Long> end = consumer.endOffsets(all); // read_committed: the last stable offset
        Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
        for (TopicPartition tp : all) {
            long start = Math.max(begin.get(tp), side.starts().getOrDefault(tp.partition(), 0L));
            ranges.put(tp, new long[] {start, end.get(tp)});
        }
        return ranges;
    }

    private static PartitionReader reader(Consumer<byte[], byte[]> consumer, Map<TopicPartition, long[]> ranges,
                                          String topic, int partition, boolean copy) {
        TopicPartition tp = new TopicPartition(topic, partition);
        long[] range = ranges.get(tp);
        return new PartitionReader(consumer, tp, range[0], range[1], copy);
    }

    /**
     * Source partition p against target partition p, in step; empty when a copy names another source partition
     * (the target was remapped by key).
     */
    private static Optional<KafkaCopyReport.PartitionResult> inStep(int partition, PartitionReader src,
                                                                    PartitionReader tgt) {
        MessageDigest sourceDigest = Fingerprint.sha256();
        MessageDigest targetDigest = Fingerprint.sha256();
        KafkaCopyReport.Divergence first = null;
        long matched = 0;
        Fingerprint previous = null;
        for (Fingerprint s = src.peek(0), t = tgt.peek(0); s != null || t != null; s = src.peek(0), t = tgt.peek(0)) {
            if (t != null && t.provenance() != null && t.provenance().partition() != partition) {
                return Optional.empty();
            }
            if (first == null) {
                first = divergence(s, t, src, tgt, previous);
                if (first == null) {
                    matched++;
                    previous = s;
                }
            }
            if (s != null) {
                sourceDigest.update(src.next().digest());
            }
            if (t != null) {
                tgt.next();
                targetDigest.update(t.digest(first == null ? s : null));
            }
        }
        return Optional.of(new KafkaCopyReport.PartitionResult(partition, src.read(), tgt.read(), matched,
                hex(sourceDigest), hex(targetDigest), first));
    }

    /** Null when {@code t} copies {@code s}; else what parts them, told apart by looking one record ahead. */
    private static KafkaCopyReport.Divergence divergence(Fingerprint s, Fingerprint t, PartitionReader src,
                                                        PartitionReader tgt, Fingerprint previous) {
        if (s == null) {
            return new KafkaCopyReport.Divergence(null, List.of("extra"), "the target holds more records than the "
                    + "source: " + at(t) + " is past the source's last" + (previous == null ? ""
                    : " (source offset " + previous.offset() + ")") + duplicateOf(t, previous));
        }
        if (t == null) {
            return new KafkaCopyReport.Divergence(s.offset(), List.of("missing"), "source offset " + s.offset()
                    + " and every record after it are missing: the target ends there");
        }
        List<String> differences = t.differences(s);
        if (differences.isEmpty()) {
            return null;
        }
        Fingerprint s1 = src.peek(1);
        Fingerprint t1 = tgt.peek(1);
        if (s1 != null && t.copies(s1) && t1 != null && t1.copies(s)) {
            return new KafkaCopyReport.Divergence(s.offset(), List.of("order"), "source offsets " + s.offset()
                    + " and " + s1.offset() + " are swapped in the target (" + at(t) + ")");
        }
        if (s1 != null && t.copies(s1)) {
            return new KafkaCopyReport.Divergence(s.offset(), List.of("missing"), "source offset " + s.offset()
                    + " is missing: " + at(t) + " holds source offset " + s1.offset() + ", the record after it");
        }
        if (t1 != null && t1.copies(s)) {
            boolean duplicate = previous != null && t.copies(previous);
            return new KafkaCopyReport.Divergence(s.offset(), List.of(duplicate ? "duplicate" : "extra"),
                    (duplicate ? "a duplicate" : "an extra record") + " before source offset " + s.offset() + ": "
                            + at(t) + duplicateOf(t, previous));
        }
        return differs(s, t, differences);
    }

    /**
     * A copy remapped by key: each source partition's records found in the whole target by their provenance headers.
     * The target's records are held as fingerprints (about 150 bytes each); the source is read once, in order.
     */
    private KafkaCopyReport byProvenance(Side from, Side to, Map<TopicPartition, long[]> sourceRange,
                                         Map<TopicPartition, long[]> targetRange) {
        Map<Integer, List<Fingerprint>> copies = new HashMap<>();
        for (int q = 0; q < to.partitions(); q++) {
            PartitionReader tgt = reader(target, targetRange, to.topic(), q, true);
            for (Fingerprint t = tgt.next(); t != null; t = tgt.next()) {
                if (t.provenance() == null) {
                    throw new IllegalArgumentException(unprovenanced(from, to, t));
                }
                copies.computeIfAbsent(t.provenance().partition(), p -> new ArrayList<>()).add(t);
            }
        }
        List<KafkaCopyReport.PartitionResult> results = new ArrayList<>();
        for (int p = 0; p < from.partitions(); p++) {
            results.add(remapped(p, reader(source, sourceRange, from.topic(), p, false),
                    copies.getOrDefault(p, List.of())));
        }
        return new KafkaCopyReport("key", results);
    }

    /** Source partition p against the copies that name it, in target order (by target partition, then offset). */
    private static KafkaCopyReport.PartitionResult remapped(int partition, PartitionReader src, List<Fingerprint> copies) {
        Map<Long, List<Fingerprint>> byOffset = new TreeMap<>();
        copies.forEach(c -> byOffset.computeIfAbsent(c.provenance().offset(), o -> new ArrayList<>()).add(c));
        MessageDigest sourceDigest = Fingerprint.sha256();
        MessageDigest targetDigest = Fingerprint.sha256();
        List<KafkaCopyReport.Divergence> found = new ArrayList<>();
        long matched = 0;
        for (Fingerprint s = src.next(); s != null; s = src.next()) {
            sourceDigest.update(s.digest());
            List<Fingerprint> copied = byOffset.getOrDefault(s.offset(), List.of());
            byOffset.remove(s.offset());
            for (Fingerprint c : copied) {
                targetDigest.update(c.digest(s));
            }
            KafkaCopyReport.Divergence d = copiedOnce(s, copied);
            if (d != null) {
                found.add(d);
            } else if (found.isEmpty()) {
                matched++;
            }
        }
        byOffset.forEach((offset, extra) -> {
            extra.forEach(c -> targetDigest.update(c.digest(null)));
            found.add(new KafkaCopyReport.Divergence(offset, List.of("extra"), at(extra.get(0)) + " names source "
                    + "offset " + offset + ", which the source does not hold (read_committed)"));
        });
        found.addAll(orderProblems(copies));
        KafkaCopyReport.Divergence first = found.stream()
                .min(Comparator.comparing(KafkaCopyReport.Divergence::sourceOffset)).orElse(null);
        return new KafkaCopyReport.PartitionResult(partition, src.read(), copies.size(), matched, hex(sourceDigest),
                hex(targetDigest), first);
    }

    /** Null when source record {@code s} is copied exactly once, as it is; else what is wrong. */
    private static KafkaCopyReport.Divergence copiedOnce(Fingerprint s, List<Fingerprint> copied) {
        if (copied.isEmpty()) {
            return new KafkaCopyReport.Divergence(s.offset(), List.of("missing"), "source offset " + s.offset()
                    + " is missing: no record of the target names it");
        }
        if (copied.size() > 1) {
            return new KafkaCopyReport.Divergence(s.offset(), List.of("duplicate"), "source offset " + s.offset()
                    + " is copied " + copied.size() + " times: " + copied.stream().map(KafkaCopyVerifier::at).toList());
        }
        List<String> differences = copied.get(0).differences(s);
        return differences.isEmpty() ? null : differs(s, copied.get(0), differences);
    }

    private static KafkaCopyReport.Divergence differs(Fingerprint s, Fingerprint copy, List<String> differences) {
        return new KafkaCopyReport.Divergence(s.offset(), differences, "source offset " + s.offset() + " differs in "
                + String.join(", ", differences) + " from its copy at " + at(copy));
    }

    /** Per key (null keys have no order), its copies must be in one target partition in source offset order. */
    private static List<KafkaCopyReport.Divergence> orderProblems(List<Fingerprint> copies) {
        Map<ByteBuffer, Fingerprint> last = new HashMap<>();
        List<KafkaCopyReport.Divergence> problems = new ArrayList<>();
        for (Fingerprint c : copies) {
            ByteBuffer key = c.keyId();
            Fingerprint before = key == null ? null : last.put(key, c);
            if (before == null) {
                continue;
            }
            if (before.partition() != c.partition()) {
                problems.add(new KafkaCopyReport.Divergence(c.provenance().offset(), List.of("order"), "source offset "
                        + c.provenance().offset() + " is in target partition " + c.partition() + ", an earlier record "
                        + "of its key (source offset " + before.provenance().offset() + ") in partition "
                        + before.partition() + ": the key's order is not kept"));
            } else if (before.provenance().offset() >= c.provenance().offset()) {
                problems.add(new KafkaCopyReport.Divergence(c.provenance().offset(), List.of("order"), "source offset "
                        + c.provenance().offset() + " comes after source offset " + before.provenance().offset()
                        + " of the same key in target partition " + c.partition() + " (" + at(c) + ")"));
            }
        }
        return problems;
    }

    private static String unprovenanced(Side from, Side to, Fingerprint t) {
        return "cannot verify " + to.topic() + " against " + from.topic() + ": " + (from.partitions() == to.partitions()
                ? "it holds records of several source partitions in one partition"
                : "the source has " + from.partitions() + " partitions, the target " + to.partitions())
                + ", so it was remapped by key (run --partitions/--key), and a remapped copy is matched to its source "
                + "by the provenance headers " + AnchorCodec.SRC_PARTITION + "/" + AnchorCodec.SRC_OFFSET + ", which "
                + at(t) + " lacks. Copies made with --headers row (the default) or all carry them on every record; a "
                + "copy of partition p to partition p (the same partition count) is verified without them";
    }

    private static String duplicateOf(Fingerprint t, Fingerprint previous) {
        return previous != null && t.copies(previous) ? ", a duplicate of source offset " + previous.offset() : "";
    }

    private static String at(Fingerprint copy) {
        return "target partition " + copy.partition() + " offset " + copy.offset();
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
