package com.csvtokafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ProducerMetricTest {

    /** A producer's {@code metrics()} as the client builds it: producer-level ones and a per-topic namesake. */
    static Map<MetricName, Metric> producerMetrics(double sendRate, double latencyMs, double batchBytes,
                                                   double queueMs, double freeBytes) {
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "producer-metrics", "record-send-rate", sendRate);
        put(metrics, "producer-metrics", "request-latency-avg", latencyMs);
        put(metrics, "producer-metrics", "batch-size-avg", batchBytes);
        put(metrics, "producer-metrics", "record-queue-time-avg", queueMs);
        put(metrics, "producer-metrics", "buffer-available-bytes", freeBytes);
        put(metrics, "producer-metrics", "record-error-rate", 0);
        put(metrics, "producer-topic-metrics", "record-send-rate", -1);
        return metrics;
    }

    private static void put(Map<MetricName, Metric> metrics, String group, String name, double value) {
        MetricName metricName = new MetricName(name, group, "", Map.of("client-id", "producer-1"));
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    @Test
    void readsTheProducerLevelValuesOnly() {
        assertThat(ProducerMetric.read(producerMetrics(1000, 12, 16384, 3, 1 << 20))).isEqualTo(Map.of(
                ProducerMetric.RECORD_SEND_RATE, 1000.0,
                ProducerMetric.REQUEST_LATENCY_AVG, 12.0,
                ProducerMetric.BATCH_SIZE_AVG, 16384.0,
                ProducerMetric.RECORD_QUEUE_TIME_AVG, 3.0,
                ProducerMetric.BUFFER_AVAILABLE_BYTES, (double) (1 << 20)));
    }

    /** The names are kafka-clients' own: a real producer (never connected; nothing listens there) has each one. */
    @Test
    void theClientWeShipHasEveryOne() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            Map<ProducerMetric, Double> values = ProducerMetric.read(producer.metrics());

            assertThat(values).containsOnlyKeys(ProducerMetric.values());
            assertThat(values.get(ProducerMetric.BUFFER_AVAILABLE_BYTES)).isEqualTo(32.0 * 1024 * 1024);
            producer.close(Duration.ZERO);
        }
    }
}
