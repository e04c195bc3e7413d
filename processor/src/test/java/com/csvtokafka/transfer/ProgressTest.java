package com.csvtokafka.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.events.JobEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress events' estimate of the time left. */
class ProgressTest {
    private final List<JobEvent> events = new ArrayList<>();

    private JobEvent.Progress reportAt(long bytes) {
        Progress progress = new Progress(events::add, 1_000, 0, 0);
        progress.report(System.nanoTime() + 1_000_000_000L, bytes / 10, bytes);
        return (JobEvent.Progress) events.get(events.size() - 1);
    }

    @Test
    void theTimeLeftIsTheBytesLeftAtTheAverageRate() {
        assertThat(reportAt(250).etaSeconds()).isBetween(3.0, 3.1);
    }

    @Test
    void pastTheTotalAsAFollowedTopicGoesThereIsNoEstimate() {
        JobEvent.Progress past = reportAt(1_500);

        assertThat(past.etaSeconds()).isNaN();
        assertThat(past.fraction()).isEqualTo(1.0);
    }
}
