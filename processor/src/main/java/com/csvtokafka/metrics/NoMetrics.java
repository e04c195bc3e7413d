package com.csvtokafka.metrics;

/** {@link JobMetrics#none()}. */
enum NoMetrics implements JobMetrics {
    INSTANCE;

    @Override
    public void rows(long sentDelta, long bytesDelta) {
    }

    @Override
    public void commit(long latencyNanos, long rowsInTransaction) {
    }

    @Override
    public void checkpointLag(long records) {
    }

    @Override
    public void retry() {
    }

    @Override
    public void badRow() {
    }

    @Override
    public void sourceGap(long offsets) {
    }

    @Override
    public void sourceLag(int partition, long offsets) {
    }

    @Override
    public void resume() {
    }

    @Override
    public void progress(double fraction, double rowsPerSecond, double etaSeconds) {
    }

    @Override
    public void finished(String status) {
    }

    @Override
    public void close() {
    }
}
