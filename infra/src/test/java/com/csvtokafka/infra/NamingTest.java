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
    void oneJobMayUseItsOwnIdAndItsLanesButNoShard() {
        List<String> patterns = Naming.transactionalIdPatterns("orders", 1);
        assertThat(patterns).containsExactly("csv-to-kafka-orders", "csv-to-kafka-orders/lane-*");
        assertThat(iamMatches(patterns, "csv-to-kafka-orders")).isTrue();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders/lane-0")).isTrue();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders/lane-15")).isTrue();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders.0")).isFalse();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders-2024")).isFalse();
    }

    @Test
    void shardsGetAPatternPerDigitCountOfTheirIndexAndNothingLonger() {
        List<String> patterns = Naming.transactionalIdPatterns("orders", 12);
        assertThat(patterns).containsExactly("csv-to-kafka-orders", "csv-to-kafka-orders/lane-*",
                "csv-to-kafka-orders.?", "csv-to-kafka-orders.?/lane-*",
                "csv-to-kafka-orders.??", "csv-to-kafka-orders.??/lane-*");
        for (int shard = 0; shard < 12; shard++) {
            assertThat(iamMatches(patterns, "csv-to-kafka-orders." + shard)).as("shard %d", shard).isTrue();
            assertThat(iamMatches(patterns, "csv-to-kafka-orders." + shard + "/lane-3")).isTrue();
        }
        assertThat(iamMatches(patterns, "csv-to-kafka-orders.100")).isFalse();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders.2024")).isFalse();
        assertThat(iamMatches(patterns, "csv-to-kafka-orders-eu.1")).isFalse();

        assertThat(Naming.transactionalIdPatterns("orders", 10)).contains("csv-to-kafka-orders.?")
                .doesNotContain("csv-to-kafka-orders.??");
        assertThat(Naming.transactionalIdPatterns("orders", 10_000)).contains("csv-to-kafka-orders.????")
                .doesNotContain("csv-to-kafka-orders.?????");
    }

    @Test
    void aJobIdPrefixAlreadyCoversLanesAndShards() {
        assertThat(Naming.transactionalIdPatterns("orders-*", 8)).containsExactly("csv-to-kafka-orders-*");
    }
}
