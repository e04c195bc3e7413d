package com.csvtokafka.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * CloudWatch embedded metric format: one JSON line per interval, which CloudWatch Logs turns into metrics when the
 * line reaches a log group (awslogs driver, CloudWatch agent) — no agent or API call needed. Counts are the
 * interval's sums, gauges the last value reported, commit latencies the interval's individual values
 * ({@link LatencySamples}). A line goes out every interval even when nothing happened (RowsSent 0): that is what
 * lets the "no progress" alarm tell a stuck job from one that has ended (no lines at all).
 */
final class EmfMetrics extends RecordedMetrics {
    static final String NAMESPACE = "CsvToKafka";
    static final String DIMENSION = "JobId";

    private static final Logger LOG = LogManager.getLogger(EmfMetrics.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every metric an EMF line may carry, with its CloudWatch unit (docs/metrics.md; the CDK dashboard reads them). */
    enum Metric {
        ROWS_SENT("RowsSent", "Count"),
        BYTES_READ("BytesRead", "Bytes"),
        ROWS_PER_SECOND("RowsPerSecond", "Count/Second"),
        PROGRESS_PERCENT("ProgressPercent", "Percent"),
        COMMIT_LATENCY_MS("CommitLatencyMs", "Milliseconds"),
        CHECKPOINT_LAG_RECORDS("CheckpointLagRecords", "Count"),
        RETRIES("Retries", "Count"),
        BAD_ROWS("BadRows", "Count"),
        RESUMES("Resumes", "Count"),
        JOB_FAILED("JobFailed", "Count"),
        JOB_COMPLETED("JobCompleted", "Count"),
        ETA_SECONDS("EtaSeconds", "Seconds");

        final String metricName;
        final String unit;

        Metric(String metricName, String unit) {
            this.metricName = metricName;
            this.unit = unit;
        }
    }

    private final String jobId;
    private final Consumer<String> out;
    private final LongSupplier clock;
    private ScheduledExecutorService timer;

    // Guarded by this.
    private final LatencySamples latencies = new LatencySamples();
    /** The counters' totals when the last line went out: each line carries what came since. */
    private Totals emitted = Totals.ZERO;
    private boolean done;

    /** Emits only on {@link #flush()}, {@link #finished} and {@link #close()}; see {@link #start}. */
    EmfMetrics(String jobId, Consumer<String> out, LongSupplier clock) {
        this.jobId = jobId;
        this.out = out;
        this.clock = clock;
    }

    /** Emits a line every {@code interval} from a daemon thread until the run finishes. */
    static EmfMetrics start(String jobId, Consumer<String> out, Duration interval) {
        EmfMetrics metrics = new EmfMetrics(jobId, out, System::currentTimeMillis);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "emf-metrics");
            thread.setDaemon(true);
            return thread;
        });
        metrics.timer = timer;
        timer.scheduleAtFixedRate(metrics::flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return metrics;
    }

    @Override
    public synchronized void commit(long latencyNanos, long rowsInTransaction) {
        latencies.add(latencyNanos / 1e6);
    }

    /** Emits the interval's line unless the run has finished. */
    synchronized void flush() {
        if (!done) {
            emit(null);
        }
    }

    @Override
    public synchronized void finished(String status) {
        if (!done) {
            emit(statusName(status));
            done = true;
        }
        stopTimer();
    }

    @Override
    public synchronized void close() {
        flush();
        done = true;
        stopTimer();
    }

    private void stopTimer() {
        if (timer != null) {
            timer.shutdown();
        }
    }

    /** Writes the line and starts the next interval; guarded by this, so lines leave in order. */
    private void emit(String status) {
        ObjectNode line = JSON.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.getAsLong());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add(DIMENSION);
        ArrayNode declared = directive.putArray("Metrics");
        line.put(DIMENSION, jobId);

        Totals now = totals();
        Totals interval = now.minus(emitted);
        put(line, declared, Metric.ROWS_SENT, interval.rowsSent());
        put(line, declared, Metric.BYTES_READ, interval.bytesRead());
        put(line, declared, Metric.RETRIES, interval.retries());
        put(line, declared, Metric.BAD_ROWS, interval.badRows());
        put(line, declared, Metric.RESUMES, interval.resumes());
        if (!latencies.isEmpty()) {
            declare(declared, Metric.COMMIT_LATENCY_MS);
            ArrayNode values = line.putArray(Metric.COMMIT_LATENCY_MS.metricName);
            for (double ms : latencies.drain()) {
                values.add(Math.round(ms * 1000) / 1000.0);
            }
        }
        putGauge(line, declared, Metric.ROWS_PER_SECOND, rowsPerSecond);
        putGauge(line, declared, Metric.PROGRESS_PERCENT, progressFraction * 100);
        putGauge(line, declared, Metric.ETA_SECONDS, Math.rint(etaSeconds));
        if (checkpointLag >= 0) {
            put(line, declared, Metric.CHECKPOINT_LAG_RECORDS, checkpointLag);
        }
        if (status != null) {
            put(line, declared, Metric.JOB_COMPLETED, "COMPLETED".equals(status) ? 1 : 0);
            put(line, declared, Metric.JOB_FAILED, "FAILED".equals(status) ? 1 : 0);
            line.put("Status", status);
        }
        emitted = now;
        try {
            out.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("metrics: could not write the EMF line: {}", e.toString());
        }
    }

    private static void put(ObjectNode line, ArrayNode declared, Metric metric, long value) {
        declare(declared, metric);
        line.put(metric.metricName, value);
    }

    private static void putGauge(ObjectNode line, ArrayNode declared, Metric metric, double value) {
        if (Double.isFinite(value)) {
            declare(declared, metric);
            line.put(metric.metricName, value);
        }
    }

    private static void declare(ArrayNode declared, Metric metric) {
        declared.addObject().put("Name", metric.metricName).put("Unit", metric.unit);
    }
}
