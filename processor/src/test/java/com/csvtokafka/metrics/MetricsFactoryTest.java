package com.csvtokafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsFactoryTest {
    private static final Map<String, String> LAPTOP = Map.of("HOME", "/home/me");
    private static final Map<String, String> FARGATE = Map.of("AWS_EXECUTION_ENV", "AWS_ECS_FARGATE",
            "ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/abc");
    private static final Map<String, String> BATCH = Map.of("AWS_BATCH_JOB_ID", "0f1e2d3c-4b5a");

    private final List<String> emf = new ArrayList<>();

    private JobMetrics create(String mode, Integer port, Map<String, String> env) {
        return MetricsFactory.create("orders-2024", mode, port, env::get, emf::add);
    }

    /** Reports one commit and the outcome, as the engine would. */
    private static void report(JobMetrics metrics) {
        metrics.rows(3, 30);
        metrics.finished("COMPLETED");
    }

    @Test
    void autoOffAwsPublishesNothing() {
        JobMetrics metrics = create("auto", null, LAPTOP);
        report(metrics);
        metrics.close();

        assertThat(metrics).isSameAs(JobMetrics.none());
        assertThat(emf).isEmpty();
    }

    @Test
    void autoOnEcsOrBatchWritesEmf() throws Exception {
        for (Map<String, String> aws : List.of(FARGATE, BATCH)) {
            emf.clear();
            try (JobMetrics metrics = create(null, null, aws)) {
                report(metrics);
            }
            assertThat(emf).hasSize(1);
            assertThat(EmfMetricsTest.emf(emf.get(0)).get("RowsSent").asLong()).isEqualTo(3);
        }
    }

    @Test
    void anArrayChildOfAShardedBatchJobAlsoNamesItsJobAndShard() throws Exception {
        Map<String, String> child = Map.of("AWS_BATCH_JOB_ID", "0f1e2d3c-4b5a:5", "AWS_BATCH_JOB_ARRAY_INDEX", "5",
                "SHARD_COUNT", "8");
        try (JobMetrics metrics = create(null, null, child)) {
            report(metrics);
        }
        JsonNode line = EmfMetricsTest.emf(emf.get(0));
        assertThat(line.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString())
                .isEqualTo("[[\"JobId\"],[\"Job\",\"Shard\"]]");
        assertThat(line.get("JobId").asText()).isEqualTo("orders-2024.5");
        assertThat(line.get("Job").asText()).isEqualTo("orders-2024");
        assertThat(line.get("Shard").asText()).isEqualTo("5");

        emf.clear();
        try (JobMetrics metrics = create(null, null, BATCH)) {
            report(metrics);
        }
        assertThat(EmfMetricsTest.emf(emf.get(0)).has("Shard")).isFalse();
    }

    @Test
    void emfAndNoneOverrideTheEnvironment() {
        try (JobMetrics metrics = create("EMF", null, LAPTOP)) {
            report(metrics);
        }
        assertThat(emf).hasSize(1);

        assertThat(create("none", null, FARGATE)).isSameAs(JobMetrics.none());
    }

    @Test
    void anUnknownModeIsAUsageError() {
        assertThatThrownBy(() -> create("statsd", null, LAPTOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--metrics must be auto, emf or none, got 'statsd'");
    }

    @Test
    void aPortServesPrometheusAlongsideEmf() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (JobMetrics metrics = create("emf", port, LAPTOP)) {
            metrics.rows(3, 30);
            metrics.producer(() -> ProducerMetricTest.producerMetrics(1000, 12, 16384, 3, 1 << 20));
            String body = PrometheusMetricsTest.get(port, "/metrics").body();
            assertThat(PrometheusMetricsTest.samples(body)).containsEntry(
                    "csv_to_kafka_rows_sent_total{job_id=\"orders-2024\"}", 3.0).containsEntry(
                    "csv_to_kafka_producer_record_send_rate{job_id=\"orders-2024\"}", 1000.0);
            metrics.finished("COMPLETED");
        }
        assertThat(emf).hasSize(1);
        assertThat(EmfMetricsTest.emf(emf.get(0)).get("ProducerRecordSendRate").asDouble()).isEqualTo(1000.0);
    }

    @Test
    void aBusyPortIsAUsageErrorThatSaysWhatToDo() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            assertThatThrownBy(() -> create("emf", busy.getLocalPort(), LAPTOP))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--metrics-port " + busy.getLocalPort() + ": cannot serve /metrics")
                    .hasMessageContaining("choose a free port");
        }
        assertThat(emf).as("the EMF exporter started first is closed again").hasSize(1);
    }
}
