package com.csvtokafka.metrics;

import com.csvtokafka.contracts.MetricNames.Emf;
import com.csvtokafka.contracts.MetricNames.Prometheus;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Kafka producer's own metrics csv-to-kafka republishes: what an operator looks at when a job is slow. They are
 * the client's metrics of group {@code producer-metrics} (kafka-clients 4.1: the same names as its JMX attributes
 * {@code kafka.producer:type=producer-metrics}); rates and averages are over the client's sample window (30 s by
 * default). EMF carries them in the client's units, Prometheus in base units (seconds, bytes).
 */
enum ProducerMetric {
    RECORD_SEND_RATE("record-send-rate", 1, Emf.PRODUCER_RECORD_SEND_RATE, Prometheus.PRODUCER_RECORD_SEND_RATE,
            "Records the Kafka producer sent per second (its record-send-rate)."),
    REQUEST_LATENCY_AVG("request-latency-avg", 1000, Emf.PRODUCER_REQUEST_LATENCY_AVG_MS,
            Prometheus.PRODUCER_REQUEST_LATENCY_AVG_SECONDS,
            "Mean time of the Kafka producer's produce requests, sent to answered (its request-latency-avg)."),
    BATCH_SIZE_AVG("batch-size-avg", 1, Emf.PRODUCER_BATCH_SIZE_AVG_BYTES, Prometheus.PRODUCER_BATCH_SIZE_AVG_BYTES,
            "Mean bytes per partition batch the Kafka producer sent (its batch-size-avg)."),
    RECORD_QUEUE_TIME_AVG("record-queue-time-avg", 1000, Emf.PRODUCER_RECORD_QUEUE_TIME_AVG_MS,
            Prometheus.PRODUCER_RECORD_QUEUE_TIME_AVG_SECONDS,
            "Mean time record batches waited in the Kafka producer's buffer before sending (its record-queue-time-avg)."),
    BUFFER_AVAILABLE_BYTES("buffer-available-bytes", 1, Emf.PRODUCER_BUFFER_AVAILABLE_BYTES,
            Prometheus.PRODUCER_BUFFER_AVAILABLE_BYTES,
            "Free bytes of the Kafka producer's buffer.memory (its buffer-available-bytes); near 0 means sends block.");

    static final String GROUP = "producer-metrics";

    private static final Map<String, ProducerMetric> BY_KAFKA_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(m -> m.kafkaName, Function.identity()));

    final String kafkaName;
    /** Prometheus value = the client's value / this (1000: milliseconds to seconds). */
    final double prometheusDivisor;
    final Emf emf;
    final Prometheus prometheus;
    final String help;

    ProducerMetric(String kafkaName, double prometheusDivisor, Emf emf, Prometheus prometheus, String help) {
        this.kafkaName = kafkaName;
        this.prometheusDivisor = prometheusDivisor;
        this.emf = emf;
        this.prometheus = prometheus;
        this.help = help;
    }

    /**
     * The current values, in the client's units, of those the producer's {@code metrics()} has as numbers (an
     * average without samples in its window is NaN: the caller leaves it out).
     */
    static Map<ProducerMetric, Double> read(Map<MetricName, ? extends Metric> metrics) {
        Map<ProducerMetric, Double> values = new EnumMap<>(ProducerMetric.class);
        metrics.forEach((name, metric) -> {
            ProducerMetric ours = GROUP.equals(name.group()) ? BY_KAFKA_NAME.get(name.name()) : null;
            if (ours != null && metric.metricValue() instanceof Number number) {
                values.put(ours, number.doubleValue());
            }
        });
        return values;
    }
}
