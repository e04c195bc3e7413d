package com.csvtokafka.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.position.Anchor;
import com.csvtokafka.position.Position;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GenerationTest {
    private static final long RESET = 1_765_000_000_000L;

    private static Optional<Anchor> anchor(long generation, long sent) {
        return Optional.of(new Anchor("job", sent, 0, Position.plain(0, sent * 10, sent + 1, sent, 0), "f", "v", null,
                2, sent, generation));
    }

    @Test
    void afterAResetTheOlderGenerationsAnchorsAreIgnoredSoTheJobStartsOver() throws RecoveryException {
        Generation g = Generation.choose("job", RESET, List.of(anchor(0, 1000)));
        assertThat(g.value()).isEqualTo(RESET);
        assertThat(g.anchor()).isEmpty();
    }

    @Test
    void theCurrentGenerationsAnchorIsKept() throws RecoveryException {
        Generation g = Generation.choose("job", RESET, List.of(anchor(RESET, 40), Optional.empty(), anchor(0, 7)));
        assertThat(g.anchors()).containsExactly(anchor(RESET, 40), Optional.empty(), Optional.empty());
    }

    @Test
    void withoutARecordedGenerationKafkasNewestIsTheJobs() throws RecoveryException {
        // a job never reset, a checkpoint written by earlier releases, or a lost checkpoint store
        assertThat(Generation.choose("job", Generation.UNKNOWN, List.of(anchor(0, 5))).anchor()).isEqualTo(anchor(0, 5));
        Generation g = Generation.choose("job", Generation.UNKNOWN, List.of(anchor(0, 5), anchor(RESET, 3)));
        assertThat(g.value()).isEqualTo(RESET);
        assertThat(g.anchors()).containsExactly(Optional.empty(), anchor(RESET, 3));
        assertThat(Generation.choose("job", Generation.UNKNOWN, List.of(Optional.empty())).value()).isZero();
    }

    @Test
    void aTopicNewerThanTheCheckpointStoreIsAnError() {
        assertThatThrownBy(() -> Generation.choose("job", 0, List.of(anchor(RESET, 3))))
                .isInstanceOf(RecoveryException.class)
                .hasMessageContaining("written after it was reset at 2025-12-06T05:46:40Z")
                .hasMessageContaining("the checkpoint store is older than the topic");
    }

    @Test
    void latestKeepsTheNewestGenerationOnly() {
        assertThat(Generation.latest(List.of(anchor(0, 900), anchor(RESET, 2))))
                .containsExactly(Optional.empty(), anchor(RESET, 2));
    }
}
