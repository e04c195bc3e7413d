package com.csvtokafka.metrics;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** Both exporters at once (EMF on AWS and a Prometheus port). */
final class FanOutMetrics implements JobMetrics {
    private final List<JobMetrics> targets;

    FanOutMetrics(List<JobMetrics> targets) {
        this.targets = List.copyOf(targets);
    }

    @Override
    public void rows(long sentDelta, long bytesDelta) {
        targets.forEach(m -> m.rows(sentDelta, bytesDelta));
    }

    @Override
    public void commit(long latencyNanos, long rowsInTransaction) {
        targets.forEach(m -> m.commit(latencyNanos, rowsInTransaction));
    }

    @Override
    public void checkpointLag(long records) {
        targets.forEach(m -> m.checkpointLag(records));
    }

    @Override
    public void retry() {
        targets.forEach(JobMetrics::retry);
    }

    @Override
    public void badRow() {
        targets.forEach(JobMetrics::badRow);
    }

    @Override
    public void sourceGap(long offsets) {
        targets.forEach(t -> t.sourceGap(offsets));
    }

    @Override
    public void sourceLag(int partition, long offsets) {
        targets.forEach(t -> t.sourceLag(partition, offsets));
    }

    @Override
    public void resume() {
        targets.forEach(JobMetrics::resume);
    }

    @Override
    public void progress(double fraction, double rowsPerSecond, double etaSeconds) {
        targets.forEach(m -> m.progress(fraction, rowsPerSecond, etaSeconds));
    }

    @Override
    public void producer(Supplier<Map<MetricName, ? extends Metric>> producerMetrics) {
        targets.forEach(m -> m.producer(producerMetrics));
    }

    @Override
    public void finished(String status) {
        targets.forEach(m -> m.finished(status));
    }

    @Override
    public void close() {
        targets.forEach(JobMetrics::close);
    }
}
