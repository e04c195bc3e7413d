package com.csvtokafka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.cli.KafkaSourceStatus.PartitionCopy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status of a Kafka-source job: its state from its partition copies', and each copy's lag. */
class KafkaSourceStatusTest {
    private static PartitionCopy copy(int partition, String status, long next, Long end) {
        return new PartitionCopy(partition, "k.p" + partition, status, next, next, 100, end);
    }

    private static String combined(String... statuses) {
        List<PartitionCopy> copies = new java.util.ArrayList<>();
        for (int p = 0; p < statuses.length; p++) {
            copies.add(copy(p, statuses[p], 0, null));
        }
        return KafkaSourceStatus.combined(copies);
    }

    @Test
    void theJobsStateComesFromItsCopies() {
        assertThat(combined("COMPLETED", "COMPLETED")).isEqualTo("COMPLETED");
        assertThat(combined("COMPLETED", "FAILED", "RUNNING")).isEqualTo("FAILED");
        assertThat(combined("COMPLETED", "RUNNING")).isEqualTo("RUNNING");
        assertThat(combined("INTERRUPTED", "STARTING")).isEqualTo("RUNNING");
        assertThat(combined("INTERRUPTED", "INTERRUPTED")).isEqualTo("INTERRUPTED");
        assertThat(combined("INTERRUPTED", "COMPLETED")).isEqualTo("INTERRUPTED");
        assertThat(combined("INTERRUPTED", "STOPPED")).isEqualTo("STOPPED");
        assertThat(combined("NOT_STARTED", "NOT_STARTED")).isEqualTo("NOT_STARTED");
    }

    @Test
    void eachCopysLagIsTheSourcesEndMinusItsNextOffsetAndTheJobsTheirSum() throws Exception {
        StringWriter text = new StringWriter();
        Map<String, Object> view = new LinkedHashMap<>(Map.of("job_id", "k"));

        KafkaSourceStatus.print(new PrintWriter(text), view, List.of(copy(0, "RUNNING", 1_200, 1_500L),
                copy(1, "RUNNING", 80, 80L)), null, true);

        JsonNode json = new ObjectMapper().readTree(text.toString());
        assertThat(json.path("status").asText()).isEqualTo("RUNNING");
        assertThat(json.path("source_lag").asLong()).isEqualTo(300);
        assertThat(json.path("records_copied").asLong()).isEqualTo(1_280);
        assertThat(json.path("partitions").get(0).path("lag").asLong()).isEqualTo(300);
        assertThat(json.path("partitions").get(0).path("next_offset").asLong()).isEqualTo(1_200);
        assertThat(json.path("partitions").get(0).path("end_offset").asLong()).isEqualTo(1_500);
        assertThat(json.path("partitions").get(1).path("lag").asLong()).isZero();
        assertThat(json.path("partitions").get(1).path("job_id").asText()).isEqualTo("k.p1");
    }

    @Test
    void aSourceThatCannotBeReadLeavesTheLagUnknownAndSaysWhy() throws Exception {
        StringWriter text = new StringWriter();
        Map<String, Object> view = new LinkedHashMap<>(Map.of("job_id", "k"));

        KafkaSourceStatus.print(new PrintWriter(text), view, List.of(copy(0, "INTERRUPTED", 1_200, null),
                copy(1, "COMPLETED", 100, null)), "cannot read kafka://src:9092/orders: timed out", false);

        assertThat(text.toString()).contains("source_lag                       unknown: cannot read "
                        + "kafka://src:9092/orders: timed out")
                .contains("partitions_completed             1 of 2")
                .containsPattern("(?m)^0 +k\\.p0 +INTERRUPTED +1,200 +1,200 +- +-$")
                .containsPattern("(?m)^1 +k\\.p1 +COMPLETED +100 +100 +- +-$");
    }
}
