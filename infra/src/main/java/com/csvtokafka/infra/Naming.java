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
     * the job's own; its keyed lanes', {@code csv-to-kafka-<job-id>/lane-<k>} (K is chosen at run time); and with
     * {@code shards} &gt; 1 each shard's, {@code csv-to-kafka-<job-id>.<I>} for I in 0..shards-1, and its lanes'.
     * A shard index gets one {@code ?} per digit, so with 12 shards job {@code orders} reaches
     * {@code csv-to-kafka-orders.11} but not the id of a job named {@code orders.2024}. IAM has no digit class: a job
     * named {@code orders.} plus as many characters as the largest index has digits ({@code orders.v2}) would be
     * reachable too. A job id prefix ({@code orders-*}) already covers all of them.
     */
    public static List<String> transactionalIdPatterns(String jobIdPattern, int shards) {
        String job = transactionalId(jobIdPattern);
        if (jobIdPattern.endsWith("*")) {
            return List.of(job);
        }
        List<String> patterns = new ArrayList<>(List.of(job, job + LANE + "*"));
        int digits = Integer.toString(shards - 1).length();
        for (int length = 1; shards > 1 && length <= digits; length++) {
            String shard = job + SHARD + "?".repeat(length);
            patterns.add(shard);
            patterns.add(shard + LANE + "*");
        }
        return List.copyOf(patterns);
    }
}
