package com.csvtokafka.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The run's metrics in Prometheus text exposition format 0.0.4 on {@code GET /metrics} (JDK HTTP server, one daemon
 * worker thread). Counters are totals of this run, gauges the last value reported, commit latency a summary
 * ({@code _sum} and {@code _count}: rate(_sum)/rate(_count) is the mean latency). Every series carries
 * {@code job_id}.
 */
final class PrometheusMetrics extends RecordedMetrics {
    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The statuses job_status always lists, so a dashboard can graph each one from the start. */
    static final List<String> STATUSES = List.of("RUNNING", "COMPLETED", "INTERRUPTED", "FAILED");

    private final String jobLabel;
    private HttpServer server;
    private ExecutorService worker;

    // Guarded by this.
    private long commits;
    private long commitNanos;
    private String status = "RUNNING";

    /** Renders on {@link #render()} only; see {@link #serve}. */
    PrometheusMetrics(String jobId) {
        this.jobLabel = "job_id=\"" + escape(jobId) + "\"";
    }

    /**
     * Starts serving on {@code port} of every interface (0 = any free port, see {@link #port()}).
     *
     * @throws IOException when the port cannot be bound
     * @throws IllegalArgumentException when the port is out of range
     */
    static PrometheusMetrics serve(String jobId, int port) throws IOException {
        PrometheusMetrics metrics = new PrometheusMetrics(jobId);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "prometheus-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.createContext(PATH, metrics::handle);
        server.setExecutor(worker);
        server.start();
        metrics.server = server;
        metrics.worker = worker;
        return metrics;
    }

    /** The bound port. */
    int port() {
        return server.getAddress().getPort();
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

    /** Stops the server (its dispatcher thread is not a daemon and would keep the JVM alive). */
    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            worker.shutdown();
        }
    }

    synchronized String render() {
        StringBuilder text = new StringBuilder(2048);
        Totals totals = totals();
        counter(text, "rows_sent_total", "Data rows committed to Kafka by this run.", totals.rowsSent());
        counter(text, "bytes_read_total", "Source bytes consumed by committed transactions of this run.",
                totals.bytesRead());
        gauge(text, "rows_per_second", "Recent throughput in rows per second.", rowsPerSecond);
        gauge(text, "progress_ratio", "Share of the source consumed, 0 to 1.", progressFraction);
        gauge(text, "eta_seconds", "Estimated seconds until the source is consumed (NaN while unknown).",
                etaSeconds, !Double.isNaN(progressFraction));
        text.append("# HELP csv_to_kafka_commit_latency_seconds Time taken by commitTransaction().\n")
                .append("# TYPE csv_to_kafka_commit_latency_seconds summary\n");
        sample(text, "commit_latency_seconds_sum", "", number(commitNanos / 1e9));
        sample(text, "commit_latency_seconds_count", "", Long.toString(commits));
        gauge(text, "checkpoint_lag_records", "Records Kafka holds beyond the checkpoint store's position.",
                checkpointLag, checkpointLag >= 0);
        counter(text, "retries_total", "Attempts retried after an unknown outcome (re-derived from Kafka).",
                totals.retries());
        counter(text, "bad_rows_total", "Malformed rows skipped or sent to the dead-letter topic.", totals.badRows());
        counter(text, "resumes_total", "Runs that resumed a job Kafka already held rows of.", totals.resumes());
        text.append("# HELP csv_to_kafka_job_status The run's status: 1 for the current one, 0 for the others.\n")
                .append("# TYPE csv_to_kafka_job_status gauge\n");
        List<String> statuses = new ArrayList<>(STATUSES);
        if (!statuses.contains(status)) {
            statuses.add(status);
        }
        for (String s : statuses) {
            sample(text, "job_status", ",status=\"" + escape(s) + "\"", s.equals(status) ? "1" : "0");
        }
        return text.toString();
    }

    private void counter(StringBuilder text, String name, String help, long value) {
        header(text, name, help, "counter");
        sample(text, name, "", Long.toString(value));
    }

    private void gauge(StringBuilder text, String name, String help, double value) {
        gauge(text, name, help, value, !Double.isNaN(value));
    }

    /** A gauge is left out until its first value, so a dashboard shows a gap rather than a made-up zero. */
    private void gauge(StringBuilder text, String name, String help, double value, boolean reported) {
        if (reported) {
            header(text, name, help, "gauge");
            sample(text, name, "", number(value));
        }
    }

    private static void header(StringBuilder text, String name, String help, String type) {
        text.append("# HELP csv_to_kafka_").append(name).append(' ').append(help).append('\n')
                .append("# TYPE csv_to_kafka_").append(name).append(' ').append(type).append('\n');
    }

    private void sample(StringBuilder text, String name, String moreLabels, String value) {
        text.append("csv_to_kafka_").append(name).append('{').append(jobLabel).append(moreLabels).append("} ")
                .append(value).append('\n');
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = render().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if ("HEAD".equals(method)) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(body);
            }
        } finally {
            exchange.close();
        }
    }
}
