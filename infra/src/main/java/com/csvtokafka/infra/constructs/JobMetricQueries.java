package com.csvtokafka.infra.constructs;

import static com.csvtokafka.contracts.MetricNames.JOB_DIMENSION;
import static com.csvtokafka.contracts.MetricNames.JOB_ID_DIMENSION;
import static com.csvtokafka.contracts.MetricNames.NAMESPACE;
import static com.csvtokafka.contracts.MetricNames.SHARD_DIMENSION;

import com.csvtokafka.contracts.MetricNames.Emf;
import com.csvtokafka.infra.config.NamePattern;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;

/**
 * The jobs' metrics (namespace {@code CsvToKafka}, dimension {@code JobId}, written by the processor as EMF lines;
 * names from {@link com.csvtokafka.contracts.MetricNames}, listed in docs/metrics.md) as graphs and alarm inputs.
 * An exact job id reads that job's metrics. A prefix or {@code *} cannot name its jobs in advance, so graphs use a
 * SEARCH over every JobId of the namespace (one line per job) and alarms a Metrics Insights query over them;
 * neither filters by the prefix: the namespace holds only this product's jobs of the account and region (a shard
 * is a job of its own there, {@code <job-id>.<I>}). An exact job id with shards reads the shards' second dimension set
 * ({@code Job} = that id, {@code Shard} = I): graphs one line per shard (a SEARCH shows up to 500), totals and alarms
 * Metrics Insights queries over every shard.
 */
final class JobMetricQueries {
    /** The processor writes a line every 10 s; a minute is CloudWatch's standard resolution. */
    static final Duration PERIOD = Duration.minutes(1);
    /** Every job's metrics: a SEARCH's schema and a Metrics Insights query's. */
    private static final String SEARCH_SCHEMA = "{" + NAMESPACE + "," + JOB_ID_DIMENSION + "}";
    private static final String INSIGHTS_SCHEMA = "SCHEMA(\"" + NAMESPACE + "\", " + JOB_ID_DIMENSION + ")";
    /** Every shard's metrics, by the base job id and the shard's index. */
    private static final String SHARD_SEARCH_SCHEMA = "{" + NAMESPACE + "," + JOB_DIMENSION + "," + SHARD_DIMENSION + "}";
    private static final String SHARD_INSIGHTS_SCHEMA = "SCHEMA(\"" + NAMESPACE + "\", " + JOB_DIMENSION + ", "
            + SHARD_DIMENSION + ")";

    private final NamePattern jobId;
    private final int shards;

    JobMetricQueries(NamePattern jobId, int shards) {
        this.jobId = jobId;
        this.shards = shards;
    }

    boolean everyJob() {
        return jobId.isPrefix();
    }

    /** One exact job run as several shards. (For a prefix each shard is one of "every job".) */
    boolean shardsOfOneJob() {
        return !everyJob() && shards > 1;
    }

    /** A graph line (one per job for a prefix), e.g. {@code graph(Emf.ROWS_SENT, "Sum", "rows")}. */
    IMetric graph(Emf metric, String statistic, String label) {
        String metricName = metric.metricName();
        if (everyJob()) {
            return MathExpression.Builder.create()
                    .expression("SEARCH('" + SEARCH_SCHEMA + " MetricName=\"" + metricName + "\"', '" + statistic
                            + "', " + (int) PERIOD.toSeconds() + ")")
                    .label("${PROP('Dim." + JOB_ID_DIMENSION + "')} " + label)
                    .period(PERIOD)
                    .build();
        }
        if (shardsOfOneJob()) {
            return MathExpression.Builder.create()
                    .expression("SEARCH('" + SHARD_SEARCH_SCHEMA + " " + JOB_DIMENSION + "=\"" + jobId.value()
                            + "\" MetricName=\"" + metricName + "\"', '" + statistic + "', " + (int) PERIOD.toSeconds()
                            + ")")
                    .label("shard ${PROP('Dim." + SHARD_DIMENSION + "')} " + label)
                    .period(PERIOD)
                    .build();
        }
        return metric(metricName, statistic, label);
    }

    /**
     * For a sharded job: {@code function} (SUM, MIN, MAX, AVG) of the metric over all its shards, one line. A
     * Metrics Insights query, so it covers up to 10,000 shards (a SEARCH stops at 500) over the last 3 hours.
     */
    IMetric acrossShards(Emf metric, String function, String label) {
        return MathExpression.Builder.create()
                .expression(shardQuery(function, metric.metricName(), ""))
                .usingMetrics(Map.of())
                .label(label)
                .period(PERIOD)
                .build();
    }

    /** For a sharded job: rows committed per second, summed over its shards. */
    IMetric rowsPerSecondAcrossShards() {
        return MathExpression.Builder.create()
                .expression("rowsPerMinute / " + (int) PERIOD.toSeconds())
                .usingMetrics(Map.of("rowsPerMinute", acrossShards(Emf.ROWS_SENT, "SUM", "rows per minute")))
                .label("rows/s, all shards")
                .period(PERIOD)
                .build();
    }

    private String shardQuery(String function, String metricName, String groupBy) {
        return "SELECT " + function + "(" + metricName + ") FROM " + SHARD_INSIGHTS_SCHEMA + " WHERE " + JOB_DIMENSION
                + " = '" + jobId.value() + "'" + groupBy;
    }

    /** For the "job failed" alarm: the metric summed over every job per minute. */
    IMetric sumOverJobs(Emf metric) {
        String metricName = metric.metricName();
        if (everyJob()) {
            return insights("SELECT SUM(" + metricName + ") FROM " + INSIGHTS_SCHEMA);
        }
        if (shardsOfOneJob()) {
            return insights(shardQuery("SUM", metricName, ""));
        }
        return metric(metricName, "Sum", null);
    }

    /**
     * For the "no progress" alarm: each job's (or shard's) per-minute sum, and of those the smallest, so one stuck
     * job or shard among several busy ones still shows 0. Jobs and shards that have ended send nothing and drop out.
     */
    IMetric smallestJobSum(Emf metric) {
        String metricName = metric.metricName();
        if (everyJob()) {
            return smallest(insights("SELECT SUM(" + metricName + ") FROM " + INSIGHTS_SCHEMA + " GROUP BY "
                    + JOB_ID_DIMENSION), "fewest " + metricName + " of a running job");
        }
        if (shardsOfOneJob()) {
            return smallest(insights(shardQuery("SUM", metricName, " GROUP BY " + SHARD_DIMENSION)),
                    "fewest " + metricName + " of a running shard");
        }
        return metric(metricName, "Sum", null);
    }

    private static IMetric smallest(IMetric perJob, String label) {
        return MathExpression.Builder.create()
                .expression("MIN(perJob)")
                .usingMetrics(Map.of("perJob", perJob))
                .label(label)
                .period(PERIOD)
                .build();
    }

    /** Without a label an alarm gets the plain single-metric form (MetricName, Dimensions, Statistic). */
    private Metric metric(String metricName, String statistic, String label) {
        return Metric.Builder.create()
                .namespace(NAMESPACE)
                .metricName(metricName)
                .dimensionsMap(Map.of(JOB_ID_DIMENSION, jobId.value()))
                .statistic(statistic)
                .label(label)
                .period(PERIOD)
                .build();
    }

    private static IMetric insights(String query) {
        return MathExpression.Builder.create().expression(query).usingMetrics(Map.of()).period(PERIOD).build();
    }
}
