package com.csvtokafka.metrics;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What a transfer reports about itself (docs/metrics.md lists every metric). The engine calls these from its main
 * thread, per commit or every few seconds, never per row; implementations are thread-safe because exporters read
 * from their own threads. A metric failure never fails the transfer: implementations log and carry on.
 */
public interface JobMetrics extends AutoCloseable {

    /** The log4j2 logger the CloudWatch EMF lines go to; log4j2.xml writes it raw ({@code %m%n}) to stdout. */
    String EMF_LOGGER = "csv-to-kafka.metrics";

    /** After each commit: the data rows and source bytes that transaction committed. */
    void rows(long sentDelta, long bytesDelta);

    /** After each commit: how long {@code commitTransaction()} took and how many records the transaction held. */
    void commit(long latencyNanos, long rowsInTransaction);

    /** Records Kafka holds beyond the checkpoint store's position (0 normally; more after a lost checkpoint write). */
    void checkpointLag(long records);

    /** An attempt ended in an unknown outcome and the engine is about to re-derive its position from Kafka. */
    void retry();

    /** A malformed row was skipped or sent to the dead-letter topic. */
    void badRow();

    /** Offsets of a Kafka source lost in a gap (--allow-gaps): records gone before they were copied. */
    void sourceGap(long offsets);

    /** A Kafka source partition's lag: its end offset minus the next offset to copy. */
    void sourceLag(int partition, long offsets);

    /** This run continues a job that Kafka already holds rows of. */
    void resume();

    /**
     * The periodic progress report.
     *
     * @param fraction      share of the source consumed, 0..1
     * @param rowsPerSecond recent throughput
     * @param etaSeconds    time left; negative, NaN or infinite when not known yet
     */
    void progress(double fraction, double rowsPerSecond, double etaSeconds);

    /**
     * The Kafka producer the engine sends with from now on, as its {@code metrics()} method:
     * {@code metrics.producer(producer::metrics)} as each producer is created (one per attempt; {@code run} does it
     * for every producer its {@code KafkaClients} creates). The exporters read its key metrics (send rate, request
     * latency, batch size, record queue time, free buffer; see {@link ProducerMetric}) from it when they publish,
     * from their own threads. Each call replaces the producer before, so a closed producer is not kept;
     * {@code null} unbinds. Metrics that publish nothing ignore it.
     */
    default void producer(Supplier<Map<MetricName, ? extends Metric>> producerMetrics) {
    }

    /** The run ended: {@code COMPLETED}, {@code INTERRUPTED} or {@code FAILED} (the checkpoint's status names). */
    void finished(String status);

    /** Emits what is still pending and stops the exporters' threads; safe to call more than once. */
    @Override
    void close();

    /** Metrics that go nowhere. */
    static JobMetrics none() {
        return NoMetrics.INSTANCE;
    }

    /**
     * The metrics a run publishes.
     *
     * @param jobId          the {@code JobId} dimension / {@code job_id} label
     * @param mode           {@code auto} (EMF when the environment says AWS: {@code AWS_EXECUTION_ENV},
     *                       {@code ECS_CONTAINER_METADATA_URI_V4} or {@code AWS_BATCH_JOB_ID} set), {@code emf} or
     *                       {@code none}; {@code null} means {@code auto}
     * @param prometheusPort when not {@code null}, serves {@code /metrics} on this port of every interface
     *                       (0: any free port, logged)
     * @throws IllegalArgumentException for an unknown mode or a port that cannot be served (a usage error)
     */
    static JobMetrics fromEnvironment(String jobId, String mode, Integer prometheusPort) {
        Logger emf = LogManager.getLogger(EMF_LOGGER);
        Consumer<String> emfOut = line -> emf.info("{}", line);
        return MetricsFactory.create(jobId, mode, prometheusPort, System::getenv, emfOut);
    }
}
