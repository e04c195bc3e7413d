package com.csvtokafka.infra.constructs;

import static com.csvtokafka.contracts.MetricNames.JOB_ID_DIMENSION;
import static com.csvtokafka.contracts.MetricNames.NAMESPACE;

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
 * neither filters by the prefix: the namespace holds only this product's jobs of the account and region.
 */
final class JobMetricQueries {
    /** The processor writes a line every 10 s; a minute is CloudWatch's standard resolution. */
    static final Duration PERIOD = Duration.minutes(1);
    /** Every job's metrics: a SEARCH's schema and a Metrics Insights query's. */
    private static final String SEARCH_SCHEMA = "{" + NAMESPACE + "," + JOB_ID_DIMENSION + "}";
    private static final String INSIGHTS_SCHEMA = "SCHEMA(\"" + NAMESPACE + "\", " + JOB_ID_DIMENSION + ")";

    private final NamePattern jobId;

    JobMetricQueries(NamePattern jobId) {
        this.jobId = jobId;
    }

    boolean everyJob() {
        return jobId.isPrefix();
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
        return metric(metricName, statistic, label);
    }

    /** For the "job failed" alarm: the metric summed over every job per minute. */
    IMetric sumOverJobs(Emf metric) {
        String metricName = metric.metricName();
        if (everyJob()) {
            return insights("SELECT SUM(" + metricName + ") FROM " + INSIGHTS_SCHEMA);
        }
        return metric(metricName, "Sum", null);
    }

    /**
     * For the "no progress" alarm: each job's per-minute sum, and of those the smallest, so one stuck job among
     * several busy ones still shows 0. Jobs that have ended send nothing and drop out.
     */
    IMetric smallestJobSum(Emf metric) {
        String metricName = metric.metricName();
        if (everyJob()) {
            IMetric perJob = insights("SELECT SUM(" + metricName + ") FROM " + INSIGHTS_SCHEMA + " GROUP BY "
                    + JOB_ID_DIMENSION);
            return MathExpression.Builder.create()
                    .expression("MIN(perJob)")
                    .usingMetrics(Map.of("perJob", perJob))
                    .label("fewest " + metricName + " of a running job")
                    .period(PERIOD)
                    .build();
        }
        return metric(metricName, "Sum", null);
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
