package com.csvtokafka.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;

/**
 * The partitions of a keyed or sharded job (docs/architecture.md, "Keyed mode"): {@code all} of the topic's, or a
 * list such as {@code 0-11} or {@code 0,2,4}. A key's partition is chosen exactly as Kafka's default partitioner
 * chooses it ({@link #forKey}), over the listed partitions in their order.
 *
 * @param all    true for {@code all}: the topic's partitions, resolved once the topic is known ({@link #resolve})
 * @param listed the partitions in ascending order, without repeats; empty for {@code all} until resolved
 */
public record PartitionList(boolean all, List<Integer> listed) {

    public PartitionList {
        listed = List.copyOf(listed);
    }

    /** {@code all}, or a list of partition numbers and ranges: {@code 0-11}, {@code 0,2,4}, {@code 0-3,8}. */
    public static PartitionList parse(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("all")) {
            return new PartitionList(true, List.of());
        }
        TreeSet<Integer> partitions = new TreeSet<>();
        for (String part : v.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-', 1);
            try {
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
                if (from < 0 || to < from || to - from > 100_000) {
                    throw new NumberFormatException();
                }
                for (int i = from; i <= to; i++) {
                    partitions.add(i);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--partitions must be all or a list of partitions and ranges such "
                        + "as 0-11 or 0,2,4; '" + p + "' is not a partition number or a range FROM-TO");
            }
        }
        return new PartitionList(false, new ArrayList<>(partitions));
    }

    /** The topic's partitions for {@code all} (0 .. count-1); a list stays as it is. */
    public PartitionList resolve(int topicPartitions) {
        if (!all) {
            return this;
        }
        List<Integer> ids = new ArrayList<>(topicPartitions);
        for (int i = 0; i < topicPartitions; i++) {
            ids.add(i);
        }
        return new PartitionList(false, ids);
    }

    public int size() {
        return listed.size();
    }

    public int get(int index) {
        return listed.get(index);
    }

    /** The highest partition listed. */
    public int highest() {
        return listed.get(listed.size() - 1);
    }

    /**
     * The index in this list of the partition for a record key: murmur2 of the key's bytes, made positive, modulo
     * the number of partitions — Kafka's default partitioner over all of a topic's partitions, so producers and
     * consumers of the topic agree on where a key lives.
     */
    public static int indexFor(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The partition for a record key (see {@link #indexFor}). */
    public int forKey(byte[] key) {
        return listed.get(indexFor(key, listed.size()));
    }

    /**
     * The partition of a record copied from source partition {@code sourcePartition} of a Kafka topic: its key's
     * ({@link #forKey}). A record without a key — which Kafka's producer would place by its sticky partitioner, by no
     * rule a rerun could repeat — goes to the listed partition at the source partition's number modulo the count, so
     * the keyless records of one source partition stay in one partition, in their order.
     */
    public int forRecord(int sourcePartition, byte[] key) {
        return key == null ? listed.get(sourcePartition % listed.size()) : forKey(key);
    }

    /** As the job's identity writes it: {@code all} before it is resolved, else ranges such as {@code 0-5,8}. */
    @Override
    public String toString() {
        if (all) {
            return "all";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < listed.size(); ) {
            int j = i;
            while (j + 1 < listed.size() && listed.get(j + 1) == listed.get(j) + 1) {
                j++;
            }
            out.append(out.length() == 0 ? "" : ",").append(listed.get(i));
            if (j > i) {
                out.append('-').append(listed.get(j));
            }
            i = j + 1;
        }
        return out.toString();
    }
}
