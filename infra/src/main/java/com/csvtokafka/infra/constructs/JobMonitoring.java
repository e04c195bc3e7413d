package com.csvtokafka.infra.constructs;

import com.csvtokafka.contracts.MetricNames;
import com.csvtokafka.contracts.MetricNames.Emf;
import com.csvtokafka.infra.config.Deployment;
import com.csvtokafka.infra.config.NamePattern;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.LogQueryVisualizationType;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.YAxisProps;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * A CloudWatch dashboard and two alarms over the processor's EMF metrics (docs/metrics.md), for whichever compute
 * option runs the jobs: they all log to the same group and the metrics do not depend on where the job ran.
 *
 * <p>A job run as shards ({@code shards} &gt; 1 with an exact job id) is watched over every shard: totals, one graph
 * line per shard, and the alarms over any shard (a stalled shard among busy ones fires "no progress").
 *
 * <ul>
 *   <li><b>job failed</b>: {@code JobFailed} summed per minute ≥ 1 — a run ended FAILED (exit 1).</li>
 *   <li><b>no progress</b>: {@code RowsSent} summed per minute &lt; 1 for {@code noProgressMinutes} minutes in a
 *       row. A running job writes a line every 10 s even when it sends nothing, so a stuck job breaches; a job
 *       that has ended (or none running) sends no data, which counts as not breaching, so an idle deployment stays
 *       quiet. A process killed outright also goes silent: the platform reports that (ECS task stopped, Batch
 *       retry), and its last minutes show on the dashboard.</li>
 * </ul>
 */
public final class JobMonitoring extends Construct {

    /** What to watch and whom to tell. */
    public record Settings(Deployment deployment, NamePattern jobId, int shards, int noProgressMinutes, Optional<String> alarmEmail,
                           ILogGroup logGroup) {
    }

    private final Dashboard dashboard;
    private final Alarm jobFailed;
    private final Alarm noProgress;
    private final Optional<ITopic> topic;

    public JobMonitoring(Construct scope, String id, Settings settings) {
        super(scope, id);
        JobMetricQueries metrics = new JobMetricQueries(settings.jobId(), settings.shards());
        String scopeText = metrics.everyJob() ? "any job"
                : metrics.shardsOfOneJob() ? "job " + settings.jobId().value() + ", any of its " + settings.shards()
                        + " shards"
                : "job " + settings.jobId().value();

        jobFailed = Alarm.Builder.create(this, "JobFailed")
                .alarmName(settings.deployment().name("job-failed"))
                .alarmDescription("A csv-to-kafka run ended FAILED (" + scopeText + "). The job's log says why "
                        + "(row and byte offset where it applies); fix the cause and run the job again: it resumes.")
                .metric(metrics.sumOverJobs(Emf.JOB_FAILED))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(1)
                .datapointsToAlarm(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        int minutes = settings.noProgressMinutes();
        noProgress = Alarm.Builder.create(this, "NoProgress")
                .alarmName(settings.deployment().name("no-progress"))
                .alarmDescription("A running csv-to-kafka job or shard (" + scopeText + ") committed no row for " + minutes
                        + " minutes. Look for retries and errors in its log; stopping it (SIGTERM) and running it "
                        + "again is safe: it resumes from Kafka.")
                .metric(metrics.smallestJobSum(Emf.ROWS_SENT))
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(minutes)
                .datapointsToAlarm(minutes)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        topic = settings.alarmEmail().map(email -> {
            // TLS only: the topic's policy denies any publish made without it. Having a policy at all replaces the
            // topic's default one, so it must also let CloudWatch publish, for these two alarms only.
            Topic alarms = Topic.Builder.create(this, "Alarms")
                    .displayName("csv-to-kafka alarms")
                    .enforceSsl(true)
                    .build();
            alarms.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("AlarmsPublish")
                    .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                    .actions(List.of("sns:Publish"))
                    .resources(List.of(alarms.getTopicArn()))
                    .conditions(Map.of(
                            "ArnLike", Map.of("aws:SourceArn",
                                    List.of(jobFailed.getAlarmArn(), noProgress.getAlarmArn())),
                            "StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                    .build());
            alarms.addSubscription(EmailSubscription.Builder.create(email).build());
            SnsAction notify = new SnsAction(alarms);
            jobFailed.addAlarmAction(notify);
            noProgress.addAlarmAction(notify);
            // A stuck job that moves again is news too; a failure is not undone by the next quiet minute.
            noProgress.addOkAction(notify);
            return alarms;
        });

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(settings.deployment().name())
                .defaultInterval(Duration.hours(3))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# csv-to-kafka: " + (metrics.everyJob()
                        ? "every job (one line per JobId, a shard is `<job-id>.<I>`; this deployment runs `"
                                + settings.jobId().value() + "`)"
                        : metrics.shardsOfOneJob()
                        ? "job `" + settings.jobId().value() + "` in " + settings.shards() + " shards (totals over "
                                + "every shard, graphs one line per shard)"
                        : "job `" + settings.jobId().value() + "`") + "\n"
                        + "Metrics from the jobs' log lines (namespace `" + MetricNames.NAMESPACE
                        + "`, see docs/metrics.md). "
                        + "Alarms: a run ended FAILED; no row committed for " + minutes + " minutes while running.")
                .width(24).height(2)
                .build());
        if (metrics.shardsOfOneJob()) {
            addShardTotals(metrics);
        } else {
            addNow(metrics);
        }
        dashboard.addWidgets(
                graph("Throughput (rows/s)", List.of(metrics.graph(Emf.ROWS_PER_SECOND, "Average", "rows/s")),
                        List.of(metrics.graph(Emf.BYTES_READ, "Sum", "bytes/min")), null),
                graph("Rows sent per minute", List.of(metrics.graph(Emf.ROWS_SENT, "Sum", "rows")), List.of(), null),
                graph("Progress (%)", List.of(metrics.graph(Emf.PROGRESS_PERCENT, "Maximum", "%")), List.of(), 100.0));
        dashboard.addWidgets(
                graph("ETA (seconds)", List.of(metrics.graph(Emf.ETA_SECONDS, "Average", "s")), List.of(), null),
                graph("Commit latency (ms)", List.of(
                        metrics.graph(Emf.COMMIT_LATENCY_MS, "Average", "avg"),
                        metrics.graph(Emf.COMMIT_LATENCY_MS, "p99", "p99"),
                        metrics.graph(Emf.COMMIT_LATENCY_MS, "Maximum", "max")), List.of(), null),
                graph("Checkpoint lag behind Kafka (records)",
                        List.of(metrics.graph(Emf.CHECKPOINT_LAG_RECORDS, "Maximum", "records")), List.of(), null));
        // The Kafka producer's own view (what to look at when a job is slow; docs/metrics.md says how to read it).
        dashboard.addWidgets(
                graph("Kafka producer: records sent/s", List.of(
                        metrics.graph(Emf.PRODUCER_RECORD_SEND_RATE, "Average", "records/s")), List.of(), null),
                graph("Kafka producer: request latency, queue time (ms)", List.of(
                        metrics.graph(Emf.PRODUCER_REQUEST_LATENCY_AVG_MS, "Average", "request latency"),
                        metrics.graph(Emf.PRODUCER_RECORD_QUEUE_TIME_AVG_MS, "Average", "queue time")),
                        List.of(), null),
                graph("Kafka producer: batch size, free buffer (bytes)", List.of(
                        metrics.graph(Emf.PRODUCER_BATCH_SIZE_AVG_BYTES, "Average", "batch size")), List.of(
                        metrics.graph(Emf.PRODUCER_BUFFER_AVAILABLE_BYTES, "Minimum", "free buffer")), null));
        dashboard.addWidgets(
                graph("Bad rows and retries", List.of(
                        metrics.graph(Emf.BAD_ROWS, "Sum", "bad rows"),
                        metrics.graph(Emf.RETRIES, "Sum", "retries")), List.of(), null),
                graph("Resumes and outcomes", List.of(
                        metrics.graph(Emf.RESUMES, "Sum", "resumed"),
                        metrics.graph(Emf.JOB_COMPLETED, "Sum", "completed"),
                        metrics.graph(Emf.JOB_FAILED, "Sum", "failed")), List.of(), null),
                AlarmStatusWidget.Builder.create()
                        .title("Alarms")
                        .alarms(List.<IAlarm>of(jobFailed, noProgress))
                        .width(8).height(6)
                        .build());
        dashboard.addWidgets(LogQueryWidget.Builder.create()
                .title("Errors in the jobs' log (latest first)")
                .logGroupNames(List.of(settings.logGroup().getLogGroupName()))
                .queryLines(List.of(
                        "fields @timestamp, @logStream, @message",
                        "filter @message like / ERROR /",
                        "sort @timestamp desc",
                        "limit 100"))
                .view(LogQueryVisualizationType.TABLE)
                .width(24).height(8)
                .build());
    }

    /** Now and over the time range: one job's values (a prefix: one per job). */
    private void addNow(JobMetricQueries metrics) {
        dashboard.addWidgets(
                SingleValueWidget.Builder.create()
                        .title("Now")
                        .metrics(List.of(
                                metrics.graph(Emf.PROGRESS_PERCENT, "Maximum", "progress %"),
                                metrics.graph(Emf.ROWS_PER_SECOND, "Average", "rows/s"),
                                metrics.graph(Emf.ETA_SECONDS, "Minimum", "ETA s")))
                        .width(12).height(4)
                        .build(),
                SingleValueWidget.Builder.create()
                        .title("Over the time range")
                        .metrics(List.of(
                                metrics.graph(Emf.ROWS_SENT, "Sum", "rows sent"),
                                metrics.graph(Emf.BAD_ROWS, "Sum", "bad rows"),
                                metrics.graph(Emf.RETRIES, "Sum", "retries"),
                                metrics.graph(Emf.RESUMES, "Sum", "resumes")))
                        .setPeriodToTimeRange(true)
                        .width(12).height(4)
                        .build());
    }

    /**
     * A sharded job's totals over every shard (Metrics Insights: up to 10,000 shards): rows/s summed, the slowest
     * shard's progress, the longest ETA, the sums over the time range; and the slowest shard's rows per minute, which
     * the no-progress alarm watches.
     */
    private void addShardTotals(JobMetricQueries metrics) {
        dashboard.addWidgets(
                SingleValueWidget.Builder.create()
                        .title("Now, all shards")
                        .metrics(List.of(
                                metrics.rowsPerSecondAcrossShards(),
                                metrics.acrossShards(Emf.PROGRESS_PERCENT, "MIN", "slowest shard's progress %"),
                                metrics.acrossShards(Emf.ETA_SECONDS, "MAX", "longest ETA s")))
                        .width(12).height(4)
                        .build(),
                SingleValueWidget.Builder.create()
                        .title("Over the time range, all shards")
                        .metrics(List.of(
                                metrics.acrossShards(Emf.ROWS_SENT, "SUM", "rows sent"),
                                metrics.acrossShards(Emf.BAD_ROWS, "SUM", "bad rows"),
                                metrics.acrossShards(Emf.RETRIES, "SUM", "retries"),
                                metrics.acrossShards(Emf.JOB_COMPLETED, "SUM", "shards completed")))
                        .setPeriodToTimeRange(true)
                        .width(12).height(4)
                        .build());
        dashboard.addWidgets(
                graph("Throughput, all shards (rows/s)", List.of(metrics.rowsPerSecondAcrossShards()), List.of(),
                        null),
                graph("Slowest shard: rows per minute (the no-progress alarm)",
                        List.of(metrics.smallestJobSum(Emf.ROWS_SENT)), List.of(), null),
                graph("Shards completed and failed", List.of(
                        metrics.acrossShards(Emf.JOB_COMPLETED, "SUM", "completed"),
                        metrics.acrossShards(Emf.JOB_FAILED, "SUM", "failed")), List.of(), null));
    }

    private static GraphWidget graph(String title, List<IMetric> left, List<IMetric> right, Double leftMax) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(left)
                .right(right)
                .leftYAxis(YAxisProps.builder().min(0).max(leftMax).showUnits(false).build())
                .width(8).height(6)
                .build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public Alarm jobFailed() {
        return jobFailed;
    }

    public Alarm noProgress() {
        return noProgress;
    }

    public Optional<ITopic> topic() {
        return topic;
    }
}
