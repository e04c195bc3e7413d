package com.csvtokafka.transfer;

import com.csvtokafka.kafka.KafkaTail;
import java.util.List;

/**
 * Which partitions a job writes and how its lanes share them (docs/architecture.md, "Lanes"), decided once when the
 * topic is known. A single-partition job (and each shard) is one lane owning its one partition, run on the reading
 * thread, its transactional id the job's own; a keyed job is K lanes ({@code <job>/lane-<k>}), the i-th listed
 * partition belonging to lane i mod K.
 *
 * @param partitions the partitions written, in the order listed
 * @param keyed      records choose their partition by key (else every record goes to the one partition)
 */
record LanePlan(List<Integer> partitions, int lanes, boolean keyed) {

    static LanePlan of(JobConfig config) {
        return config.keyed() ? new LanePlan(config.partitions().listed(), config.lanes(), true)
                : new LanePlan(List.of(config.partition()), 1, false);
    }

    /** The lane owning the {@code listed}-th partition. */
    int laneOf(int listed) {
        return KafkaTail.laneOf(listed, lanes);
    }

    /** The transactional identity of lane {@code lane}: zombie fencing and the job's topics depend on it. */
    String transactionalId(String jobId, int lane) {
        return keyed ? jobId + "/lane-" + lane : jobId;
    }

    /** The partition the job's completion names: its one partition, or -1 for a keyed job. */
    int reportedPartition() {
        return keyed ? -1 : partitions.get(0);
    }
}
