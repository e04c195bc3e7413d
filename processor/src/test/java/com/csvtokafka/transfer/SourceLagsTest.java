package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.events.JobEvent;
import com.csvtokafka.position.Position;
import com.csvtokafka.source.KafkaSourceUri;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The source_lag events of a Kafka-source job: as the partitions report them, and at each copy's stop. */
class SourceLagsTest {
    private final List<JobEvent> events = new ArrayList<>();
    private final SourceLags lags = new SourceLags(KafkaSourceUri.parse("kafka://src:9092/orders"), events::add);

    @Test
    void aReportIsTheEndOffsetMinusTheNextOffsetToCopy() {
        lags.lag(2, 1_500, 1_620);

        assertThat(events).containsExactly(new JobEvent.SourceLag("kafka://src:9092/orders#2", 2, 1_500, 1_620));
        assertThat(((JobEvent.SourceLag) events.get(0)).lag()).isEqualTo(120);
    }

    @Test
    void aStoppedCopyReportsItsLagFromWhereItCommittedAgainstTheEndLastSeen() {
        lags.lag(1, 900, 1_000);
        JobEvent stopped = new JobEvent.Stopped(Position.plain(1, 950, 951, 700, 0), "SIGTERM", true, null);

        lags.of(1).on(stopped);

        assertThat(events).containsExactly(new JobEvent.SourceLag("kafka://src:9092/orders#1", 1, 900, 1_000),
                stopped, new JobEvent.SourceLag("kafka://src:9092/orders#1", 1, 950, 1_000));
    }

    @Test
    void aCopyThatCommittedPastTheEndLastSeenHasNoLag() {
        lags.lag(0, 10, 10);

        lags.of(0).on(new JobEvent.Stopped(Position.plain(0, 25, 26, 25, 0), "SIGTERM", true, null));

        assertThat(events.get(events.size() - 1)).isEqualTo(new JobEvent.SourceLag("kafka://src:9092/orders#0", 0,
                25, 25));
        assertThat(((JobEvent.SourceLag) events.get(events.size() - 1)).lag()).isZero();
    }

    @Test
    void otherEventsAndStopsBeforeAnyReportPassOnAlone() {
        JobEvent stopped = new JobEvent.Stopped(null, "SIGTERM", true, "while waiting for the job's lease");
        JobEvent other = new JobEvent.EmptyInput("kafka://src:9092/orders#3");

        lags.of(3).on(stopped);
        lags.of(3).on(other);
        lags.of(3).on(new JobEvent.Stopped(Position.plain(3, 5, 6, 5, 0), "SIGTERM", true, null));

        assertThat(events).hasSize(3).doesNotHaveAnyElementsOfTypes(JobEvent.SourceLag.class);
    }

    @Test
    void aLagIsNeverBelowZero() {
        assertThat(new JobEvent.SourceLag("kafka://src:9092/orders#0", 0, 30, 20).lag()).isZero();
    }
}
