package com.csvtokafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** A sample line of the text format: name, labels (job_id first), one value. */
    private static final String SAMPLE = "csv_to_kafka_[a-z_]+\\{job_id=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*} "
            + "(-?[0-9.E]+|NaN|[+-]Inf)";

    private PrometheusMetrics server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> lines(String body) {
        return Arrays.asList(body.split("\n"));
    }

    @Test
    void theEndpointServesEveryMetricInTheTextFormatOverHttp() throws Exception {
        server = PrometheusMetrics.serve("orders-2024", 0);
        server.resume();
        server.checkpointLag(7);
        server.commit(12_500_000, 1000);
        server.rows(1000, 50_000);
        server.commit(30_000_000, 500);
        server.rows(500, 25_000);
        server.retry();
        server.badRow();
        server.badRow();
        server.progress(0.42, 512_000, 65);

        HttpResponse<String> response = get(server.port(), "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        List<String> lines = lines(response.body());
        assertThat(lines).contains(
                "# TYPE csv_to_kafka_rows_sent_total counter",
                "csv_to_kafka_rows_sent_total{job_id=\"orders-2024\"} 1500",
                "csv_to_kafka_bytes_read_total{job_id=\"orders-2024\"} 75000",
                "# TYPE csv_to_kafka_rows_per_second gauge",
                "csv_to_kafka_rows_per_second{job_id=\"orders-2024\"} 512000",
                "csv_to_kafka_progress_ratio{job_id=\"orders-2024\"} 0.42",
                "csv_to_kafka_eta_seconds{job_id=\"orders-2024\"} 65",
                "# TYPE csv_to_kafka_commit_latency_seconds summary",
                "csv_to_kafka_commit_latency_seconds_sum{job_id=\"orders-2024\"} 0.0425",
                "csv_to_kafka_commit_latency_seconds_count{job_id=\"orders-2024\"} 2",
                "csv_to_kafka_checkpoint_lag_records{job_id=\"orders-2024\"} 7",
                "csv_to_kafka_retries_total{job_id=\"orders-2024\"} 1",
                "csv_to_kafka_bad_rows_total{job_id=\"orders-2024\"} 2",
                "csv_to_kafka_resumes_total{job_id=\"orders-2024\"} 1",
                "# TYPE csv_to_kafka_job_status gauge",
                "csv_to_kafka_job_status{job_id=\"orders-2024\",status=\"RUNNING\"} 1",
                "csv_to_kafka_job_status{job_id=\"orders-2024\",status=\"FAILED\"} 0");
        assertThat(lines).allSatisfy(line -> assertThat(line).matches("# (HELP|TYPE) csv_to_kafka_.*|" + SAMPLE));
        assertThat(response.body()).endsWith("\n");

        server.finished("FAILED");
        assertThat(lines(get(server.port(), "/metrics").body())).contains(
                "csv_to_kafka_job_status{job_id=\"orders-2024\",status=\"RUNNING\"} 0",
                "csv_to_kafka_job_status{job_id=\"orders-2024\",status=\"FAILED\"} 1");
    }

    @Test
    void beforeAnyReportCountersAreZeroAndGaugesAbsent() {
        String text = new PrometheusMetrics("j").render();

        assertThat(lines(text)).contains(
                "csv_to_kafka_rows_sent_total{job_id=\"j\"} 0",
                "csv_to_kafka_commit_latency_seconds_count{job_id=\"j\"} 0",
                "csv_to_kafka_job_status{job_id=\"j\",status=\"RUNNING\"} 1");
        assertThat(text).doesNotContain("rows_per_second", "progress_ratio", "eta_seconds", "checkpoint_lag_records");
    }

    @Test
    void anUnknownEtaIsNaN() {
        PrometheusMetrics metrics = new PrometheusMetrics("j");
        metrics.progress(0.1, 10, Double.POSITIVE_INFINITY);

        assertThat(lines(metrics.render())).contains("csv_to_kafka_eta_seconds{job_id=\"j\"} NaN");
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(new PrometheusMetrics("a\"b\\c\nd").render())
                .contains("csv_to_kafka_resumes_total{job_id=\"a\\\"b\\\\c\\nd\"} 0");
    }

    @Test
    void numbersUseTheFormatsNames() {
        assertThat(PrometheusMetrics.number(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusMetrics.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusMetrics.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(PrometheusMetrics.number(3.0)).isEqualTo("3");
        assertThat(PrometheusMetrics.number(0.25)).isEqualTo("0.25");
    }

    @Test
    void onlyGetAndHeadOnMetrics() throws Exception {
        server = PrometheusMetrics.serve("j", 0);
        URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");

        assertThat(get(server.port(), "/").statusCode()).isEqualTo(404);
        assertThat(get(server.port(), "/metricsx").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(metrics)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(metrics)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void closeFreesThePort() throws Exception {
        server = PrometheusMetrics.serve("j", 0);
        int port = server.port();
        server.close();

        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
