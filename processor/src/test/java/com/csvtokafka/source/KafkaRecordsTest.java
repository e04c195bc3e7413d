package com.csvtokafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.position.Position;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a copy of a Kafka source can have come: its pinned end, or further once it followed the source. */
class KafkaRecordsTest {
    private static final PinnedTopic PINNED = new PinnedTopic(KafkaSourceUri.parse("kafka://src:9092/orders"),
            "id-1", List.of(0L, 5L), List.of(100L, 200L));

    private static KafkaRecords records(List<Long> sourceEnd, boolean follow) {
        return new KafkaRecords(PINNED, sourceEnd, follow, () -> null, "copy", KafkaRecords.Partitioner.SAME,
                KafkaRecords.Headers.PROVENANCE, null,
                new KafkaRecords.Watch(null, (partition, next, end) -> { }, Duration.ofSeconds(5)));
    }

    private static Position at(int partition, long offset) {
        return Position.plain(partition, offset, offset + 1, 0, 0);
    }

    @Test
    void aBoundedCopyEndsAtThePinnedEnd() {
        KafkaRecords bounded = records(List.of(100L, 200L), false);

        assertThat(bounded.pastEnd(at(0, 100))).isFalse();
        assertThat(bounded.pastEnd(at(0, 101))).isTrue();
        assertThat(bounded.pastEnd(at(2, 0))).as("no such partition").isTrue();
        assertThat(bounded.endless()).isFalse();
        assertThat(bounded.start(1)).isEqualTo(Position.plain(1, 5, 6, 0, 0));
    }

    @Test
    void aCopyThatFollowedPastThePinnedEndIsNotPastTheEndUpToWhereTheSourceEndedWhenTheRunStarted() {
        KafkaRecords bounded = records(List.of(150L, 200L), false);
        KafkaRecords following = records(List.of(150L, 200L), true);

        assertThat(bounded.pastEnd(at(0, 150))).isFalse();
        assertThat(bounded.pastEnd(at(0, 151))).isTrue();
        assertThat(following.pastEnd(at(0, 150))).isFalse();
        assertThat(following.pastEnd(at(0, 151))).isTrue();
        assertThat(following.endless()).isTrue();
    }
}
