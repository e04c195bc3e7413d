package com.csvtokafka.infra;

import java.util.ArrayList;
import java.util.List;

/** The one place that spells physical names, so every resource of the product is recognisable in the console. */
public final class Naming {

    public static final String PROJECT = "csv-to-kafka";
    /** The container's name in task and job definitions; the run commands' overrides refer to it. */
    public static final String CONTAINER = "processor";
    /** Between a job's transactional id and a keyed lane's number: {@code csv-to-kafka-<job-id>/lane-<k>}. */
    public static final String LANE = "/lane-";
    /** Between a job id and a shard's index: {@code <job-id>.<I>}. */
    public static final String SHARD = ".";
    /** Between a job id and the number of a chunk of its pinned input set: {@code <job-id>#inputs#<n>}. */
    static final String INPUTS = "#inputs#";

    private Naming() {
    }

    /** {@code csv-to-kafka-<suffix>}. */
    public static String name(String suffix) {
        return PROJECT + "-" + suffix;
    }

    /** The transactional.id the processor uses for a job (its fencing identity, docs/architecture.md "Recovery rules"). */
    public static String transactionalId(String jobId) {
        return PROJECT + "-" + jobId;
    }

    /**
     * The transactional ids a job may use, as IAM resource patterns ({@code *} any characters, {@code ?} one):
     * the job's own; its keyed lanes', {@code csv-to-kafka-<job-id>/lane-<k>} for k below {@code maxLanes} (K is
     * chosen at run time); and with {@code shards} &gt; 1 each shard's, {@code csv-to-kafka-<job-id>.<I>} for I in
     * 0..shards-1. A shard is never keyed (the processor refuses --lanes with --shard), so shards have no lanes.
     * An index gets one {@code ?} per digit, so with 12 shards job {@code orders} reaches
     * {@code csv-to-kafka-orders.11} but not the id of a job named {@code orders.2024}. IAM has no digit class: a job
     * named {@code orders.} plus as many characters as the largest index has digits ({@code orders.v2}) would be
     * reachable too. A job id prefix ({@code orders-*}) already covers all of them.
     */
    public static List<String> transactionalIdPatterns(String jobIdPattern, int shards, int maxLanes) {
        String job = transactionalId(jobIdPattern);
        if (jobIdPattern.endsWith("*")) {
            return List.of(job);
        }
        List<String> patterns = new ArrayList<>(List.of(job));
        patterns.addAll(indexPatterns(job + LANE, maxLanes));
        if (shards > 1) {
            patterns.addAll(indexPatterns(job + SHARD, shards));
        }
        return List.copyOf(patterns);
    }

    /**
     * The partition-key values of the checkpoint table a job reads and writes, as {@code dynamodb:LeadingKeys}
     * patterns. The processor (checkpoint/DynamoDbCheckpointStore) keys by {@code job_id}:
     * <ul>
     * <li>{@code <job-id>}: the job's checkpoint and lease (a sharded job's base id: the lease under which the first
     *     shard makes the shard plan; status and verify read it);</li>
     * <li>{@code <job-id>#inputs#<n>}: the pinned input set of a prefix or manifest job, in chunks (a sharded job's
     *     base id: the shard plan, same items); job ids cannot hold {@code #};</li>
     * <li>{@code <job-id>.<I>} and {@code <job-id>.<I>#inputs#<n>}: shard I's own checkpoint, lease and input set
     *     (transfer/Shard: a shard runs as job {@code <job-id>.<I>}), with {@code shards} &gt; 1.</li>
     * </ul>
     * Keyed lanes share the job's checkpoint (they are producers, not jobs). A job id prefix covers all of them.
     */
    public static List<String> checkpointKeyPatterns(String jobIdPattern, int shards) {
        if (jobIdPattern.endsWith("*")) {
            return List.of(jobIdPattern);
        }
        List<String> patterns = new ArrayList<>(List.of(jobIdPattern, jobIdPattern + INPUTS + "*"));
        if (shards > 1) {
            for (String shard : indexPatterns(jobIdPattern + SHARD, shards)) {
                patterns.add(shard);
                patterns.add(shard + INPUTS + "*");
            }
        }
        return List.copyOf(patterns);
    }

    /** {@code prefix?}, {@code prefix??}, ...: one pattern per digit count of the indexes 0..count-1. */
    private static List<String> indexPatterns(String prefix, int count) {
        int digits = Integer.toString(count - 1).length();
        List<String> patterns = new ArrayList<>();
        for (int length = 1; length <= digits; length++) {
            patterns.add(prefix + "?".repeat(length));
        }
        return patterns;
    }
}
