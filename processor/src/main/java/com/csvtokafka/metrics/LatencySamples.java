package com.csvtokafka.metrics;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One EMF line's commit latencies. EMF takes at most 100 values per metric and CloudWatch computes Average,
 * Maximum and percentiles from them, so up to 100 commits per line every value is kept; beyond that a uniform
 * reservoir sample is kept that always includes the slowest commit, so Maximum stays exact. Not thread-safe: the
 * owner guards it.
 */
final class LatencySamples {
    static final int CAPACITY = 100;

    private final double[] values = new double[CAPACITY];
    private int size;
    private long seen;
    private double max;

    void add(double value) {
        seen++;
        max = seen == 1 ? value : Math.max(max, value);
        if (size < CAPACITY) {
            values[size++] = value;
            return;
        }
        long slot = ThreadLocalRandom.current().nextLong(seen);
        if (slot < CAPACITY) {
            values[(int) slot] = value;
        }
    }

    boolean isEmpty() {
        return seen == 0;
    }

    /** The values to emit, then empty for the next interval. */
    double[] drain() {
        double[] out = Arrays.copyOf(values, size);
        if (seen > size && Arrays.stream(out).noneMatch(v -> v == max)) {
            out[ThreadLocalRandom.current().nextInt(size)] = max;
        }
        size = 0;
        seen = 0;
        return out;
    }
}
