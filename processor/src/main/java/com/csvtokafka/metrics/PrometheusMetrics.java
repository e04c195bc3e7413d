package com.csvtokafka.metrics;

import static com.csvtokafka.contracts.MetricNames.JOB_ID_LABEL;
import static com.csvtokafka.contracts.MetricNames.PARTITION_LABEL;
import static com.csvtokafka.contracts.MetricNames.STATUS_LABEL;

import com.csvtokafka.contracts.MetricNames.Prometheus;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Quantiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The run's metrics on {@code GET /metrics}, served by the Prometheus Java client's HTTP server (daemon threads) from
 * a registry of this run only. Every metric is a callback read at scrape time: counters are totals of this run,
 * gauges the last value reported, commit latency a summary without quantiles ({@code _sum} and {@code _count}), the
 * producer's metrics ({@link ProducerMetric}) its values at the scrape. Every series carries {@code job_id}. Names:
 * {@link Prometheus}.
 */
final class PrometheusMetrics extends RecordedMetrics {
    /** The statuses job_status always lists, so a dashboard can graph each one from the start. */
    static final List<String> STATUSES = List.of("RUNNING", "COMPLETED", "INTERRUPTED", "FAILED");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Labels job;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private HTTPServer server;

    // Guarded by this.
    private long commits;
    private long commitNanos;
    private String status = "RUNNING";

    private PrometheusMetrics(String jobId) {
        job = Labels.of(JOB_ID_LABEL, jobId);
        counter(Prometheus.ROWS_SENT, "Data rows committed to Kafka by this run.", Totals::rowsSent);
        counter(Prometheus.BYTES_READ, "Source bytes consumed by committed transactions of this run.",
                Totals::bytesRead);
        gauge(Prometheus.ROWS_PER_SECOND, "Recent throughput in rows per second.", () -> reported(rowsPerSecond));
        gauge(Prometheus.PROGRESS_RATIO, "Share of the source consumed, 0 to 1.", () -> reported(progressFraction));
        // From the first progress report on, NaN while no estimate exists.
        gauge(Prometheus.ETA_SECONDS, "Estimated seconds until the source is consumed (NaN while unknown).",
                () -> Double.isNaN(progressFraction) ? null : etaSeconds);
        SummaryWithCallback.builder()
                .name(Prometheus.COMMIT_LATENCY_SECONDS.seriesName())
                .help("Time taken by commitTransaction().")
                .constLabels(job)
                .callback(callback -> {
                    synchronized (this) {
                        callback.call(commits, commitNanos / 1e9, Quantiles.EMPTY);
                    }
                })
                .register(registry);
        gauge(Prometheus.CHECKPOINT_LAG_RECORDS, "Records Kafka holds beyond the checkpoint store's position.",
                () -> checkpointLag >= 0 ? (double) checkpointLag : null);
        counter(Prometheus.RETRIES, "Attempts retried after an unknown outcome (re-derived from Kafka).",
                Totals::retries);
        counter(Prometheus.BAD_ROWS, "Malformed rows skipped or sent to the dead-letter topic.", Totals::badRows);
        counter(Prometheus.RESUMES, "Runs that resumed a job Kafka already held rows of.", Totals::resumes);
        counter(Prometheus.SOURCE_GAP_RECORDS, "Offsets of a Kafka source lost in gaps (--allow-gaps) before they "
                + "were copied.", Totals::sourceGapOffsets);
        GaugeWithCallback.builder()
                .name(Prometheus.SOURCE_LAG.seriesName())
                .help("A Kafka source partition's end offset minus the next offset to copy.")
                .constLabels(job)
                .labelNames(PARTITION_LABEL)
                .callback(callback -> {
                    Map<Integer, Long> lags;
                    synchronized (this) {
                        lags = Map.copyOf(sourceLags);
                    }
                    lags.forEach((partition, lag) -> callback.call(lag, Integer.toString(partition)));
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name(Prometheus.JOB_STATUS.seriesName())
                .help("The run's status: 1 for the current one, 0 for the others.")
                .constLabels(job)
                .labelNames(STATUS_LABEL)
                .callback(callback -> {
                    String current;
                    synchronized (this) {
                        current = status;
                    }
                    List<String> statuses = new ArrayList<>(STATUSES);
                    if (!statuses.contains(current)) {
                        statuses.add(current);
                    }
                    statuses.forEach(s -> callback.call(s.equals(current) ? 1 : 0, s));
                })
                .register(registry);
        for (ProducerMetric metric : ProducerMetric.values()) {
            GaugeWithCallback.builder()
                    .name(metric.prometheus.seriesName())
                    .help(metric.help)
                    .constLabels(job)
                    .callback(callback -> {
                        Double value = producerMetrics().get(metric);
                        if (value != null && Double.isFinite(value)) {
                            callback.call(value / metric.prometheusDivisor);
                        }
                    })
                    .register(registry);
        }
    }

    /**
     * Starts serving {@code /metrics} on {@code port} of every interface (0 = any free port, see {@link #port()}).
     *
     * @throws IOException when the port cannot be bound
     * @throws IllegalArgumentException when the port is out of range
     */
    static PrometheusMetrics serve(String jobId, int port) throws IOException {
        PrometheusMetrics metrics = new PrometheusMetrics(jobId);
        metrics.server = HTTPServer.builder().port(port).registry(metrics.registry).buildAndStart();
        return metrics;
    }

    /** The bound port. */
    int port() {
        return server.getPort();
    }

    @Override
    public synchronized void commit(long latencyNanos, long rowsInTransaction) {
        commits++;
        commitNanos += latencyNanos;
    }

    @Override
    public synchronized void finished(String status) {
        this.status = statusName(status);
    }

    /** Stops the server and frees the port. */
    @Override
    public void close() {
        producer(null);
        if (open.getAndSet(false)) {
            server.close();
        }
    }

    private void counter(Prometheus series, String help, ToLongFunction<Totals> total) {
        CounterWithCallback.builder()
                .name(series.seriesName())
                .help(help)
                .constLabels(job)
                .callback(callback -> callback.call(total.applyAsLong(totals())))
                .register(registry);
    }

    /** A gauge of a value guarded by this; left out while the value is {@code null}. */
    private void gauge(Prometheus series, String help, Supplier<Double> value) {
        GaugeWithCallback.builder()
                .name(series.seriesName())
                .help(help)
                .constLabels(job)
                .callback(callback -> {
                    Double now;
                    synchronized (this) {
                        now = value.get();
                    }
                    if (now != null) {
                        callback.call(now);
                    }
                })
                .register(registry);
    }

    /** A gauge is left out until its first value, so a dashboard shows a gap rather than a made-up zero. */
    private static Double reported(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
