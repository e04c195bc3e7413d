package com.csvtokafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardDimensionsTest {

    private static Optional<ShardDimensions> of(String jobId, Map<String, String> env) {
        return ShardDimensions.fromEnvironment(jobId, env::get);
    }

    @Test
    void shardComesFromShardOrElseFromTheBatchArrayIndexAndShardCount() {
        assertThat(of("orders", Map.of("SHARD", "2/4"))).contains(new ShardDimensions("orders", 2));
        assertThat(of("orders", Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "7", "SHARD_COUNT", "8")))
                .contains(new ShardDimensions("orders", 7));
        assertThat(of("orders", Map.of("SHARD", "1/4", "AWS_BATCH_JOB_ARRAY_INDEX", "7", "SHARD_COUNT", "8")))
                .contains(new ShardDimensions("orders", 1));
        assertThat(of("orders", Map.of("SHARD", "1/4")).orElseThrow().jobId()).isEqualTo("orders.1");
    }

    @Test
    void theBaseJobIsTheGivenIdWithoutTheShardsSuffix() {
        assertThat(of("orders.3", Map.of("SHARD", "3/4"))).contains(new ShardDimensions("orders", 3));
        assertThat(of("orders.v3", Map.of("SHARD", "3/4"))).contains(new ShardDimensions("orders.v3", 3));
        assertThat(of("orders.13", Map.of("SHARD", "3/14"))).contains(new ShardDimensions("orders.13", 3));
    }

    @Test
    void notShardedOrInvalidMeansNoShardDimensions() {
        assertThat(of("orders", Map.of())).isEmpty();
        assertThat(of("orders", Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "7"))).isEmpty();
        assertThat(of("orders", Map.of("SHARD_COUNT", "8"))).isEmpty();
        assertThat(of("orders", Map.of("SHARD", " "))).isEmpty();
        assertThat(of("orders", Map.of("SHARD", "4/4"))).isEmpty();
    }
}
