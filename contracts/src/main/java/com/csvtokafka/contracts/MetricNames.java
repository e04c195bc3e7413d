package com.csvtokafka.contracts;

/**
 * The name of every metric csv-to-kafka publishes, defined once: the processor writes them (EMF lines and the
 * Prometheus endpoint), the CDK app's dashboard and alarms read them, and docs/metrics.md lists them (a test checks
 * that it lists every one). Renaming a metric here renames it everywhere at once; in CloudWatch and Prometheus the
 * new name is a new time series, so say so in docs/metrics.md.
 */
public final class MetricNames {

    /** The CloudWatch namespace of the EMF lines. */
    public static final String NAMESPACE = "CsvToKafka";
    /** The dimension of every EMF metric: the job id ({@code <job-id>.<I>} for shard I of a sharded job). */
    public static final String JOB_ID_DIMENSION = "JobId";
    /**
     * With {@link #SHARD_DIMENSION}, a second dimension set a shard's metrics also carry: the base {@code --job-id}
     * the shards share, so one query finds every shard of a job (JobId values cannot be matched by prefix).
     */
    public static final String JOB_DIMENSION = "Job";
    /** The shard's index I (0-based), beside {@link #JOB_DIMENSION}; only in a sharded job's lines. */
    public static final String SHARD_DIMENSION = "Shard";
    /** A property (not a metric) of a run's last EMF line: {@code COMPLETED}, {@code INTERRUPTED} or {@code FAILED}. */
    public static final String STATUS_PROPERTY = "Status";

    /** The label every Prometheus series carries: the {@code --job-id}. */
    public static final String JOB_ID_LABEL = "job_id";
    /** The label of {@link Prometheus#JOB_STATUS}. */
    public static final String STATUS_LABEL = "status";
    /** The label of {@link Prometheus#SOURCE_LAG}: the Kafka source partition. */
    public static final String PARTITION_LABEL = "partition";

    private MetricNames() {
    }

    /** The CloudWatch metrics of the EMF lines, with their CloudWatch units. */
    public enum Emf {
        ROWS_SENT("RowsSent", "Count"),
        BYTES_READ("BytesRead", "Bytes"),
        RETRIES("Retries", "Count"),
        BAD_ROWS("BadRows", "Count"),
        RESUMES("Resumes", "Count"),
        COMMIT_LATENCY_MS("CommitLatencyMs", "Milliseconds"),
        ROWS_PER_SECOND("RowsPerSecond", "Count/Second"),
        PROGRESS_PERCENT("ProgressPercent", "Percent"),
        ETA_SECONDS("EtaSeconds", "Seconds"),
        CHECKPOINT_LAG_RECORDS("CheckpointLagRecords", "Count"),
        JOB_COMPLETED("JobCompleted", "Count"),
        JOB_FAILED("JobFailed", "Count"),
        /** The Kafka producer's own metrics (group producer-metrics), read as they stand each interval. */
        PRODUCER_RECORD_SEND_RATE("ProducerRecordSendRate", "Count/Second"),
        PRODUCER_REQUEST_LATENCY_AVG_MS("ProducerRequestLatencyAvgMs", "Milliseconds"),
        PRODUCER_BATCH_SIZE_AVG_BYTES("ProducerBatchSizeAvgBytes", "Bytes"),
        PRODUCER_RECORD_QUEUE_TIME_AVG_MS("ProducerRecordQueueTimeAvgMs", "Milliseconds"),
        PRODUCER_BUFFER_AVAILABLE_BYTES("ProducerBufferAvailableBytes", "Bytes");

        private final String metricName;
        private final String unit;

        Emf(String metricName, String unit) {
            this.metricName = metricName;
            this.unit = unit;
        }

        /** The CloudWatch metric name, e.g. {@code RowsSent}. */
        public String metricName() {
            return metricName;
        }

        /** The CloudWatch unit, e.g. {@code Count}. */
        public String unit() {
            return unit;
        }
    }

    /** The series of the Prometheus endpoint, by the name a query uses (a summary: its base name). */
    public enum Prometheus {
        ROWS_SENT("csv_to_kafka_rows_sent_total", "counter"),
        BYTES_READ("csv_to_kafka_bytes_read_total", "counter"),
        ROWS_PER_SECOND("csv_to_kafka_rows_per_second", "gauge"),
        PROGRESS_RATIO("csv_to_kafka_progress_ratio", "gauge"),
        ETA_SECONDS("csv_to_kafka_eta_seconds", "gauge"),
        COMMIT_LATENCY_SECONDS("csv_to_kafka_commit_latency_seconds", "summary"),
        CHECKPOINT_LAG_RECORDS("csv_to_kafka_checkpoint_lag_records", "gauge"),
        RETRIES("csv_to_kafka_retries_total", "counter"),
        BAD_ROWS("csv_to_kafka_bad_rows_total", "counter"),
        RESUMES("csv_to_kafka_resumes_total", "counter"),
        SOURCE_GAP_RECORDS("csv_to_kafka_source_gap_records_total", "counter"),
        /** Per Kafka source partition (label {@code partition}): its end offset minus the next offset to copy. */
        SOURCE_LAG("csv_to_kafka_source_lag", "gauge"),
        JOB_STATUS("csv_to_kafka_job_status", "gauge"),
        /** The Kafka producer's own metrics (group producer-metrics), read at scrape time; times in seconds. */
        PRODUCER_RECORD_SEND_RATE("csv_to_kafka_producer_record_send_rate", "gauge"),
        PRODUCER_REQUEST_LATENCY_AVG_SECONDS("csv_to_kafka_producer_request_latency_avg_seconds", "gauge"),
        PRODUCER_BATCH_SIZE_AVG_BYTES("csv_to_kafka_producer_batch_size_avg_bytes", "gauge"),
        PRODUCER_RECORD_QUEUE_TIME_AVG_SECONDS("csv_to_kafka_producer_record_queue_time_avg_seconds", "gauge"),
        PRODUCER_BUFFER_AVAILABLE_BYTES("csv_to_kafka_producer_buffer_available_bytes", "gauge");

        private final String seriesName;
        private final String type;

        Prometheus(String seriesName, String type) {
            this.seriesName = seriesName;
            this.type = type;
        }

        /** The name as exposed and queried, e.g. {@code csv_to_kafka_rows_sent_total}. */
        public String seriesName() {
            return seriesName;
        }

        /** {@code counter}, {@code gauge} or {@code summary}, as the exposition's TYPE line says. */
        public String type() {
            return type;
        }
    }
}
