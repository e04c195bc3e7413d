package com.csvtokafka.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The transactional ids a job's IAM policy lets it use: the processor's ids and not one other job's. */
class NamingTest {

    /** IAM's matching of a resource pattern: {@code *} any characters (also '/'), {@code ?} exactly one. */
    private static boolean iamMatches(List<String> patterns, String id) {
        return patterns.stream().anyMatch(pattern -> Pattern.matches(
                Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"), id));
    }

    @Test
    void oneJobMayUseItsOwnIdAndItsLanesBelowTheBoundButNoShard() {
        List<String> patterns = Naming.transactionalIdPatterns("orders", 1, 16);
        assertThat(patterns).containsExactly("csv-to-kafka-orders", "csv-to-kafka-orders/lane-?",
                "csv-to-kafka-orders/lane-??");
        assertThat(iamMatches(patterns, "csv-to-kafka-orders")).isTrue();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders/lane-0")).isTrue();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders/lane-15")).isTrue();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders/lane-100")).isFalse();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders/lane-1/x")).isFalse();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders.0")).isFalse();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders-2024")).isFalse();
    }

    @Test
    void lanesGetAPatternPerDigitCountOfTheirNumber() {
        assertThat(Naming.transactionalIdPatterns("orders", 1, 10)).containsExactly("csv-to-kafka-orders",
                "csv-to-kafka-orders/lane-?");
        assertThat(Naming.transactionalIdPatterns("orders", 1, 1000)).contains("csv-to-kafka-orders/lane-???")
                .doesNotContain("csv-to-kafka-orders/lane-????");
    }

    @Test
    void shardsGetAPatternPerDigitCountOfTheirIndexAndNoLanes() {
        List<String> patterns = Naming.transactionalIdPatterns("orders", 12, 8);
        assertThat(patterns).containsExactly("csv-to-kafka-orders", "csv-to-kafka-orders/lane-?",
                "csv-to-kafka-orders.?", "csv-to-kafka-orders.??");
        for (int shard = 0; shard < 12; shard++) {
            assertThat(iamMatches(patterns, "csv-to-kafka-orders." + shard)).as("shard %d", shard).isTrue();
            // the processor refuses --lanes with --shard: a shard is never keyed
            assertThat(iamMatches(patterns, "csv-to-kafka-orders." + shard + "/lane-3")).isFalse();
        }
        assertThat(iamMatches(patterns, "csv-to-kafka-orders.100")).isFalse();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders.2024")).isFalse();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders-eu.1")).isFalse();

        assertThat(Naming.transactionalIdPatterns("orders", 10, 8)).contains("csv-to-kafka-orders.?")
                .doesNotContain("csv-to-kafka-orders.??");
        assertThat(Naming.transactionalIdPatterns("orders", 10_000, 8)).contains("csv-to-kafka-orders.????")
                .doesNotContain("csv-to-kafka-orders.?????");
    }

    @Test
    void aJobIdPrefixAlreadyCoversLanesAndShards() {
        assertThat(Naming.transactionalIdPatterns("orders-*", 8, 16)).containsExactly("csv-to-kafka-orders-*");
        assertThat(Naming.checkpointKeyPatterns("orders-*", 8)).containsExactly("orders-*");
    }

    /**
     * Every partition key the processor's DynamoDB checkpoint store uses for a job (checkpoint/DynamoDbCheckpointStore:
     * the job id, its input set chunks {@code <id>#inputs#<n>}; a shard's {@code <id>.<I>} and its chunks), and no
     * other job's.
     */
    @Test
    void checkpointKeysAreTheJobsItsInputSetsAndItsShardsOnly() {
        List<String> one = Naming.checkpointKeyPatterns("orders", 1);
        assertThat(one).containsExactly("orders", "orders#inputs#*");
        assertThat(iamMatches(one, "orders")).isTrue();
        assertThat(iamMatches(one, "orders#inputs#0")).isTrue();
        assertThat(iamMatches(one, "orders#inputs#12")).isTrue();
        assertThat(iamMatches(one, "orders.0")).isFalse();
        assertThat(iamMatches(one, "orders-2024")).isFalse();
        assertThat(iamMatches(one, "order")).isFalse();

        List<String> sharded = Naming.checkpointKeyPatterns("orders", 12);
        for (int shard = 0; shard < 12; shard++) {
            assertThat(iamMatches(sharded, "orders." + shard)).as("shard %d", shard).isTrue();
            assertThat(iamMatches(sharded, "orders." + shard + "#inputs#0")).isTrue();
        }
        assertThat(iamMatches(sharded, "orders#inputs#0")).as("the shard plan").isTrue();
        assertThat(iamMatches(sharded, "orders.100")).isFalse();
        assertThat(iamMatches(sharded, "orders.2024")).isFalse();
    }
}
