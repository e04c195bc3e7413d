package com.csvtokafka.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What the exporters keep of a run, recorded one way for all of them: counters as totals of this run, gauges as the
 * last value reported, the producer whose metrics they republish. Each exporter publishes them its own way (EMF: the
 * interval's part of each counter, see {@link Totals#minus}; Prometheus: the totals) and records commits and the end
 * of the run itself.
 */
abstract class RecordedMetrics implements JobMetrics {
    private static final Logger LOG = LogManager.getLogger(RecordedMetrics.class);

    /** The counters' totals at one moment. */
    record Totals(long rowsSent, long bytesRead, long retries, long badRows, long resumes, long sourceGapOffsets) {
        static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

        /** What was counted since {@code earlier}. */
        Totals minus(Totals earlier) {
            return new Totals(rowsSent - earlier.rowsSent, bytesRead - earlier.bytesRead, retries - earlier.retries,
                    badRows - earlier.badRows, resumes - earlier.resumes, sourceGapOffsets - earlier.sourceGapOffsets);
        }
    }

    // All guarded by this: writes come per commit or every few seconds, reads per export.
    private long rowsSent;
    private long bytesRead;
    private long retries;
    private long badRows;
    private long resumes;
    private long sourceGapOffsets;
    /** Gauges: the last value reported, NaN until then. */
    protected double rowsPerSecond = Double.NaN;
    /** Share of the source consumed, 0 to 1. */
    protected double progressFraction = Double.NaN;
    /** NaN while unknown. */
    protected double etaSeconds = Double.NaN;
    /** -1 until reported. */
    protected long checkpointLag = -1;
    /** Each Kafka source partition's last reported lag, by partition. */
    protected final SortedMap<Integer, Long> sourceLags = new TreeMap<>();
    /** The current producer's {@code metrics()}; only the latest is kept. */
    private volatile Supplier<Map<MetricName, ? extends Metric>> producerMetrics;

    @Override
    public void producer(Supplier<Map<MetricName, ? extends Metric>> producerMetrics) {
        this.producerMetrics = producerMetrics;
    }

    /** The current producer's key metrics in the client's units; empty before a producer is bound. */
    protected Map<ProducerMetric, Double> producerMetrics() {
        Supplier<Map<MetricName, ? extends Metric>> source = producerMetrics;
        if (source == null) {
            return Map.of();
        }
        try {
            return ProducerMetric.read(source.get());
        } catch (RuntimeException e) {
            LOG.debug("metrics: could not read the producer's metrics: {}", e.toString());
            return Map.of();
        }
    }

    @Override
    public synchronized void rows(long sentDelta, long bytesDelta) {
        rowsSent += sentDelta;
        bytesRead += bytesDelta;
    }

    @Override
    public synchronized void checkpointLag(long records) {
        checkpointLag = records;
    }

    @Override
    public synchronized void retry() {
        retries++;
    }

    @Override
    public synchronized void badRow() {
        badRows++;
    }

    @Override
    public synchronized void sourceGap(long offsets) {
        sourceGapOffsets += offsets;
    }

    @Override
    public synchronized void sourceLag(int partition, long offsets) {
        sourceLags.put(partition, offsets);
    }

    @Override
    public synchronized void resume() {
        resumes++;
    }

    @Override
    public synchronized void progress(double fraction, double rowsPerSecond, double etaSeconds) {
        this.progressFraction = Math.max(0, Math.min(1, fraction));
        this.rowsPerSecond = rowsPerSecond;
        this.etaSeconds = Double.isFinite(etaSeconds) && etaSeconds >= 0 ? etaSeconds : Double.NaN;
    }

    /** The counters now. */
    protected synchronized Totals totals() {
        return new Totals(rowsSent, bytesRead, retries, badRows, resumes, sourceGapOffsets);
    }

    /** The run's final status as the checkpoint names it, upper case; UNKNOWN when none was given. */
    static String statusName(String status) {
        return status == null ? "UNKNOWN" : status.trim().toUpperCase(Locale.ROOT);
    }
}
