package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kafka → Kafka fixtures hold what they promise: the second cluster is not the shared one, and a
 * {@link SourceTopic}'s committed records are exactly what a read_committed reader sees, with aborted
 * transactions, null keys, several headers and explicit timestamps among them.
 */
class SourceTopicIT {
    @Test
    void aSourceTopicOnTheSecondClusterHoldsWhatItCommittedAndNotWhatItAborted() {
        assertThat(SecondCluster.bootstrap()).isNotEqualTo(SharedStack.bootstrap());
        SourceTopic source = SourceTopic.create(SecondCluster.get(), "fixture-" + System.nanoTime(), 3, 7)
                .append(400);

        assertThat(source.abortedTransactions()).isPositive();
        assertThat(source.committedCount()).isGreaterThanOrEqualTo(400);
        for (int p = 0; p < 3; p++) {
            List<SourceTopic.Rec> committed = source.committed(p);
            List<SourceTopic.Rec> read = SourceTopic.readCommitted(source.bootstrapServers(), source.name(), p);
            assertThat(read).hasSameSizeAs(committed);
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i).offset()).isEqualTo(committed.get(i).offset());
                assertThat(read.get(i).sameContent(committed.get(i))).as("%s%n%s", read.get(i), committed.get(i)).isTrue();
            }
            long last = read.get(read.size() - 1).offset();
            assertThat(last + 1 - read.size()).as("offsets taken by aborted records and markers").isPositive();
        }
        List<SourceTopic.Rec> all = java.util.stream.IntStream.range(0, 3).boxed()
                .flatMap(p -> source.committed(p).stream()).toList();
        assertThat(all).anyMatch(r -> r.key() == null).anyMatch(r -> r.headers().isEmpty())
                .anyMatch(r -> r.headers().size() >= 3)
                .anyMatch(r -> r.headers().stream().map(h -> h.key()).distinct().count() < r.headers().size());
        source.assertCopiedTo(source.bootstrapServers(), source.name()); // a topic is a faithful copy of itself
    }
}
