package com.csvtokafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.csvtokafka.contracts.MetricNames.Prometheus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every test scrapes the real endpoint over HTTP and parses the text format. */
class PrometheusMetricsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** A sample line of the text format: name, labels (job_id first), one value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "(csv_to_kafka_[a-z_]+\\{job_id=\"(?:[^\"\\\\]|\\\\.)*\"(?:,[a-z_]+=\"[^\"]*\")*}) (\\S+)");

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

    /** The samples of a scrape, by series (name and labels), each checked to be a well-formed line. */
    static Map<String, Double> samples(String body) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : lines(body)) {
            if (line.startsWith("# HELP csv_to_kafka_") || line.startsWith("# TYPE csv_to_kafka_")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as(line).isTrue();
            samples.put(sample.group(1), Double.valueOf(sample.group(2).replace("Inf", "Infinity")));
        }
        return samples;
    }

    private Map<String, Double> scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get(server.port(), "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).endsWith("\n");
        return samples(response.body());
    }

    private static String series(Prometheus name, String jobId) {
        return name.seriesName() + "{job_id=\"" + jobId + "\"}";
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
        server.sourceLag(0, 12);

        Map<String, Double> samples = scrape();

        String job = "{job_id=\"orders-2024\"}";
        assertThat(samples).containsAllEntriesOf(Map.ofEntries(
                Map.entry("csv_to_kafka_rows_sent_total" + job, 1500.0),
                Map.entry("csv_to_kafka_bytes_read_total" + job, 75_000.0),
                Map.entry("csv_to_kafka_rows_per_second" + job, 512_000.0),
                Map.entry("csv_to_kafka_progress_ratio" + job, 0.42),
                Map.entry("csv_to_kafka_eta_seconds" + job, 65.0),
                Map.entry("csv_to_kafka_commit_latency_seconds_count" + job, 2.0),
                Map.entry("csv_to_kafka_checkpoint_lag_records" + job, 7.0),
                Map.entry("csv_to_kafka_retries_total" + job, 1.0),
                Map.entry("csv_to_kafka_bad_rows_total" + job, 2.0),
                Map.entry("csv_to_kafka_resumes_total" + job, 1.0),
                Map.entry("csv_to_kafka_source_lag{job_id=\"orders-2024\",partition=\"0\"}", 12.0),
                Map.entry("csv_to_kafka_job_status{job_id=\"orders-2024\",status=\"RUNNING\"}", 1.0),
                Map.entry("csv_to_kafka_job_status{job_id=\"orders-2024\",status=\"FAILED\"}", 0.0)));
        assertThat(samples.get("csv_to_kafka_commit_latency_seconds_sum" + job)).isCloseTo(0.0425, within(1e-12));
        String body = get(server.port(), "/metrics").body();
        for (Prometheus name : Prometheus.values()) {
            if (!name.seriesName().contains("_producer_")) {
                assertThat(lines(body)).as(name.name()).contains("# TYPE " + name.seriesName() + " " + name.type());
            }
        }

        server.finished("FAILED");
        assertThat(scrape()).containsAllEntriesOf(Map.of(
                "csv_to_kafka_job_status{job_id=\"orders-2024\",status=\"RUNNING\"}", 0.0,
                "csv_to_kafka_job_status{job_id=\"orders-2024\",status=\"FAILED\"}", 1.0));
    }

    @Test
    void beforeAnyReportCountersAreZeroAndGaugesAbsent() throws Exception {
        server = PrometheusMetrics.serve("j", 0);

        Map<String, Double> samples = scrape();

        assertThat(samples).containsAllEntriesOf(Map.of(
                series(Prometheus.ROWS_SENT, "j"), 0.0,
                "csv_to_kafka_commit_latency_seconds_count{job_id=\"j\"}", 0.0,
                "csv_to_kafka_job_status{job_id=\"j\",status=\"RUNNING\"}", 1.0));
        assertThat(samples.keySet()).noneMatch(s -> s.matches(
                ".*(rows_per_second|progress_ratio|eta_seconds|checkpoint_lag_records|source_lag|_producer_).*"));
    }

    @Test
    void eachSourcePartitionsLagIsASeriesOfItsOwnWithItsLastValue() throws Exception {
        server = PrometheusMetrics.serve("j", 0);
        server.sourceLag(1, 500);
        server.sourceLag(0, 40);
        server.sourceLag(1, 0);

        Map<String, Double> samples = scrape();

        assertThat(samples).containsEntry("csv_to_kafka_source_lag{job_id=\"j\",partition=\"0\"}", 40.0)
                .containsEntry("csv_to_kafka_source_lag{job_id=\"j\",partition=\"1\"}", 0.0);
        assertThat(samples.keySet().stream().filter(s -> s.startsWith("csv_to_kafka_source_lag"))).hasSize(2);
    }

    @Test
    void anUnknownEtaIsNaN() throws Exception {
        server = PrometheusMetrics.serve("j", 0);
        server.progress(0.1, 10, Double.POSITIVE_INFINITY);

        assertThat(scrape().get(series(Prometheus.ETA_SECONDS, "j"))).isNaN();
    }

    @Test
    void labelValuesAreEscaped() throws Exception {
        server = PrometheusMetrics.serve("a\"b\\c\nd", 0);

        assertThat(scrape()).containsKey("csv_to_kafka_resumes_total{job_id=\"a\\\"b\\\\c\\nd\"}");
    }

    @Test
    void theProducersMetricsAreReadAtScrapeTimeFromTheNewestProducer() throws Exception {
        server = PrometheusMetrics.serve("j", 0);
        server.producer(() -> ProducerMetricTest.producerMetrics(1000, 12, 16384, 3, 1 << 20));

        Map<String, Double> first = scrape();
        assertThat(first).containsAllEntriesOf(Map.of(
                series(Prometheus.PRODUCER_RECORD_SEND_RATE, "j"), 1000.0,
                series(Prometheus.PRODUCER_BATCH_SIZE_AVG_BYTES, "j"), 16384.0,
                series(Prometheus.PRODUCER_BUFFER_AVAILABLE_BYTES, "j"), (double) (1 << 20)));
        assertThat(first.get(series(Prometheus.PRODUCER_REQUEST_LATENCY_AVG_SECONDS, "j"))).isEqualTo(0.012);
        assertThat(first.get(series(Prometheus.PRODUCER_RECORD_QUEUE_TIME_AVG_SECONDS, "j"))).isEqualTo(0.003);
        String body = get(server.port(), "/metrics").body();
        for (ProducerMetric metric : ProducerMetric.values()) {
            assertThat(lines(body)).contains("# TYPE " + metric.prometheus.seriesName() + " gauge");
        }

        // The next attempt's producer; an average without samples yet is NaN and left out.
        server.producer(() -> ProducerMetricTest.producerMetrics(0, Double.NaN, Double.NaN, Double.NaN, 1 << 25));
        Map<String, Double> second = scrape();
        assertThat(second).containsEntry(series(Prometheus.PRODUCER_RECORD_SEND_RATE, "j"), 0.0)
                .containsEntry(series(Prometheus.PRODUCER_BUFFER_AVAILABLE_BYTES, "j"), (double) (1 << 25))
                .doesNotContainKey(series(Prometheus.PRODUCER_REQUEST_LATENCY_AVG_SECONDS, "j"));

        server.producer(null);
        assertThat(scrape().keySet()).noneMatch(s -> s.contains("_producer_"));
    }

    @Test
    void aProducerThatCannotBeReadLeavesItsMetricsOut() throws Exception {
        server = PrometheusMetrics.serve("j", 0);
        server.producer(() -> {
            throw new IllegalStateException("closed");
        });

        Map<String, Double> samples = scrape();
        assertThat(samples).containsKey(series(Prometheus.ROWS_SENT, "j"));
        assertThat(samples.keySet()).noneMatch(s -> s.contains("_producer_"));
    }

    @Test
    void closeFreesThePort() throws Exception {
        server = PrometheusMetrics.serve("j", 0);
        int port = server.port();
        server.close();
        server.close();

        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
