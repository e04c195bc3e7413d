package com.csvtokafka.metrics;

import com.csvtokafka.position.Shard;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a sharded job's metrics say which shard they are: {@code job} the base job id the shards share and
 * {@code index} this shard's I (dimensions {@code Job} and {@code Shard}), and {@link #jobId()} the shard's own job
 * id {@code <job>.<I>} (dimension {@code JobId}).
 */
record ShardDimensions(String job, int index) {

    /** {@code <job>.<I>}, as {@link Shard#jobId} names a shard's job. */
    String jobId() {
        return job + "." + index;
    }

    /**
     * The shard this process runs, as the run reads it from the environment: {@code SHARD=I/N}, else on AWS Batch
     * {@code AWS_BATCH_JOB_ARRAY_INDEX} with {@code SHARD_COUNT}; empty when the job is not sharded (or the values are
     * invalid: the run refuses those before it starts). {@code jobId} may be the base job id or already the shard's.
     */
    static Optional<ShardDimensions> fromEnvironment(String jobId, Function<String, String> env) {
        String shard = env.apply("SHARD");
        if (blank(shard)) {
            String index = env.apply("AWS_BATCH_JOB_ARRAY_INDEX");
            String count = env.apply("SHARD_COUNT");
            if (blank(index) || blank(count)) {
                return Optional.empty();
            }
            shard = index + "/" + count;
        }
        try {
            int index = Shard.parse(shard).index();
            String suffix = "." + index;
            String job = jobId.endsWith(suffix) ? jobId.substring(0, jobId.length() - suffix.length()) : jobId;
            return Optional.of(new ShardDimensions(job, index));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
