package com.csvtokafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {
    private final LatencySamples samples = new LatencySamples();

    @Test
    void upToTheCapacityEveryValueIsKeptInOrder() {
        samples.add(3);
        samples.add(1);
        samples.add(2);

        assertThat(samples.drain()).containsExactly(3, 1, 2);
        assertThat(samples.isEmpty()).isTrue();
        assertThat(samples.drain()).isEmpty();
    }

    @Test
    void beyondTheCapacityAHundredValuesRemainAndTheSlowestIsAmongThem() {
        for (int i = 0; i < 10_000; i++) {
            samples.add(i == 5_000 ? 9_999_999 : i % 100);
        }

        double[] kept = samples.drain();
        assertThat(kept).hasSize(LatencySamples.CAPACITY).contains(9_999_999.0);
        assertThat(samples.isEmpty()).isTrue();
    }
}
