package com.csvtokafka.metrics;

import static com.csvtokafka.contracts.MetricNames.JOB_DIMENSION;
import static com.csvtokafka.contracts.MetricNames.JOB_ID_DIMENSION;
import static com.csvtokafka.contracts.MetricNames.NAMESPACE;
import static com.csvtokafka.contracts.MetricNames.SHARD_DIMENSION;
import static com.csvtokafka.contracts.MetricNames.STATUS_PROPERTY;

import com.csvtokafka.contracts.MetricNames.Emf;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
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
 * ({@link LatencySamples}), the producer's metrics ({@link ProducerMetric}) their values when the line is written.
 * A line goes out every interval even when nothing happened (RowsSent 0): that is what lets the "no progress" alarm
 * tell a stuck job from one that has ended (no lines at all). Names and units: {@link Emf}.
 *
 * <p>Dimensions: {@code JobId} always; a shard of a sharded job also publishes every metric under
 * {@code [Job, Shard]} (the base job id and its index), so the dashboard finds all shards of one job exactly.
 */
final class EmfMetrics extends RecordedMetrics {
    private static final Logger LOG = LogManager.getLogger(EmfMetrics.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String jobId;
    private final Optional<ShardDimensions> shard;
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
        this(jobId, Optional.empty(), out, clock);
    }

    /** For shard {@code shard}: its JobId is the shard's job id, whichever of the two ids {@code jobId} is. */
    EmfMetrics(String jobId, Optional<ShardDimensions> shard, Consumer<String> out, LongSupplier clock) {
        this.jobId = shard.map(ShardDimensions::jobId).orElse(jobId);
        this.shard = shard;
        this.out = out;
        this.clock = clock;
    }

    /** Emits a line every {@code interval} from a daemon thread until the run finishes. */
    static EmfMetrics start(String jobId, Optional<ShardDimensions> shard, Consumer<String> out, Duration interval) {
        EmfMetrics metrics = new EmfMetrics(jobId, shard, out, System::currentTimeMillis);
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
        ArrayNode dimensions = directive.putArray("Dimensions");
        dimensions.addArray().add(JOB_ID_DIMENSION);
        ArrayNode declared = directive.putArray("Metrics");
        line.put(JOB_ID_DIMENSION, jobId);
        shard.ifPresent(s -> {
            dimensions.addArray().add(JOB_DIMENSION).add(SHARD_DIMENSION);
            line.put(JOB_DIMENSION, s.job());
            line.put(SHARD_DIMENSION, Integer.toString(s.index()));
        });

        Totals now = totals();
        Totals interval = now.minus(emitted);
        put(line, declared, Emf.ROWS_SENT, interval.rowsSent());
        put(line, declared, Emf.BYTES_READ, interval.bytesRead());
        put(line, declared, Emf.RETRIES, interval.retries());
        put(line, declared, Emf.BAD_ROWS, interval.badRows());
        put(line, declared, Emf.RESUMES, interval.resumes());
        if (!latencies.isEmpty()) {
            declare(declared, Emf.COMMIT_LATENCY_MS);
            ArrayNode values = line.putArray(Emf.COMMIT_LATENCY_MS.metricName());
            for (double ms : latencies.drain()) {
                values.add(Math.round(ms * 1000) / 1000.0);
            }
        }
        putGauge(line, declared, Emf.ROWS_PER_SECOND, rowsPerSecond);
        putGauge(line, declared, Emf.PROGRESS_PERCENT, progressFraction * 100);
        putGauge(line, declared, Emf.ETA_SECONDS, Math.rint(etaSeconds));
        if (checkpointLag >= 0) {
            put(line, declared, Emf.CHECKPOINT_LAG_RECORDS, checkpointLag);
        }
        producerMetrics().forEach((metric, value) -> putGauge(line, declared, metric.emf, value));
        if (status != null) {
            put(line, declared, Emf.JOB_COMPLETED, "COMPLETED".equals(status) ? 1 : 0);
            put(line, declared, Emf.JOB_FAILED, "FAILED".equals(status) ? 1 : 0);
            line.put(STATUS_PROPERTY, status);
        }
        emitted = now;
        try {
            out.accept(JSON.writeValueAsString(line));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("metrics: could not write the EMF line: {}", e.toString());
        }
    }

    private static void put(ObjectNode line, ArrayNode declared, Emf metric, long value) {
        declare(declared, metric);
        line.put(metric.metricName(), value);
    }

    private static void putGauge(ObjectNode line, ArrayNode declared, Emf metric, double value) {
        if (Double.isFinite(value)) {
            declare(declared, metric);
            line.put(metric.metricName(), value);
        }
    }

    private static void declare(ArrayNode declared, Emf metric) {
        declared.addObject().put("Name", metric.metricName()).put("Unit", metric.unit());
    }
}
