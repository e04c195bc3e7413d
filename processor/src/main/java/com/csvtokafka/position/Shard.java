package com.csvtokafka.position;

import java.util.Map;

/**
 * One share of a job's inputs, for running a job on many machines (docs/architecture.md, "Shards"): shard
 * {@code index} of {@code count}, 0-based. Each shard is a job of its own, {@code <job-id>.<index>}.
 */
public record Shard(int index, int count) {

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard must be I/N with 0 <= I < N (0-based, as AWS Batch numbers "
                    + "array children), got " + index + "/" + count);
        }
    }

    /** {@code I/N}. */
    public static Shard parse(String value) {
        String v = value.trim();
        int slash = v.indexOf('/');
        try {
            if (slash > 0) {
                return new Shard(Integer.parseInt(v.substring(0, slash).trim()), Integer.parseInt(v.substring(slash + 1).trim()));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--shard must be I/N (this machine's 0-based share I of N), got '" + value + "'");
    }

    /**
     * The shard from --shard or env SHARD, else on AWS Batch from AWS_BATCH_JOB_ARRAY_INDEX (the array child's
     * index) and SHARD_COUNT (set by the job definition); null when the job is not sharded.
     */
    public static Shard fromOptionOrEnvironment(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return parse(option);
        }
        String index = env.get("AWS_BATCH_JOB_ARRAY_INDEX");
        String count = env.get("SHARD_COUNT");
        if (index != null && !index.isBlank() && count != null && !count.isBlank()) {
            return parse(index + "/" + count);
        }
        return null;
    }

    /** The job id of this shard: {@code <job-id>.<index>}. */
    public String jobId(String jobId) {
        return jobId + "." + index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
