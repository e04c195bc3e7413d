package com.csvtokafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PinnedTopicTest {
    private static final KafkaSourceUri URI = KafkaSourceUri.parse("kafka://a:9092,b:9092/orders");
    private final PinnedTopic pinned = new PinnedTopic(URI, "Xy3-id", List.of(0L, 120L, 7L), List.of(500L, 900L, 7L));

    @Test
    void readsBackAsTheCheckpointStoreRecordedIt() {
        assertThat(PinnedTopic.decode(URI, pinned.encode())).isEqualTo(pinned);
    }

    @Test
    void isAnInputSetOfOneInputPerPartitionSizedByItsPinnedEndOffset() {
        InputSet inputs = pinned.inputs();
        assertThat(inputs.inputs()).containsExactly(new SourceInfo("kafka://a:9092,b:9092/orders#0", 500, "Xy3-id"),
                new SourceInfo("kafka://a:9092,b:9092/orders#1", 900, "Xy3-id"),
                new SourceInfo("kafka://a:9092,b:9092/orders#2", 7, "Xy3-id"));
        assertThat(inputs.isSet()).isTrue();
    }

    @Test
    void aPartitionsCopyIsAJobOfThatOneInputKeepingItsIndex() {
        InputSet one = pinned.inputs().only(1);
        assertThat(one.first()).isEqualTo(1);
        assertThat(one.end()).isEqualTo(2);
        assertThat(one.isSet()).as("reads as a one-input job").isFalse();
        assertThat(one.summary()).isEqualTo(one.get(1));
        assertThat(one.totalBytes()).isEqualTo(900);
        assertThat(one.bytesBefore(1)).isZero();
        assertThat(one.bytesBefore(2)).isEqualTo(900);
        assertThat(one.describe(1)).isEqualTo("kafka://a:9092,b:9092/orders#1");
    }
}
