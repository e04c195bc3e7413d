package com.csvtokafka.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.contracts.MetricNames.Emf;
import com.csvtokafka.infra.Cfn;
import com.csvtokafka.infra.TestApps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The dashboard and alarms CheckpointStack builds over the processor's EMF metrics. */
class JobMonitoringTest {

    /** Every metric the processor writes (MetricNames.Emf, docs/metrics.md); the dashboard shows them all. */
    static final Set<String> METRICS = Arrays.stream(Emf.values()).map(Emf::metricName).collect(Collectors.toSet());

    private static Template everyJob;
    private static Template oneJob;
    private static Template shardedJob;

    @BeforeAll
    static void synth() {
        everyJob = Template.fromStack(TestApps.defaults().checkpoint());
        oneJob = Template.fromStack(TestApps.build(Map.of("jobId", "orders-2024", "noProgressMinutes", "30",
                "alarmEmail", "ops@example.com")).checkpoint());
        shardedJob = Template.fromStack(TestApps.build(Map.of("jobId", "orders-2024", "shards", "64")).checkpoint());
    }

    static final String SHARDS_QUERY = "FROM SCHEMA(\"CsvToKafka\", Job, Shard) WHERE Job = 'orders-2024'";

    @Test
    void aShardedJobsGraphsHaveOneLinePerShardOfThatJobForEveryMetric() throws IOException {
        Set<String> searched = new TreeSet<>();
        for (JsonNode line : lines(dashboard(shardedJob))) {
            JsonNode expression = line.get(0);
            String text = expression.get("expression").asText();
            if (text.startsWith("SEARCH(")) {
                assertThat(text).startsWith("SEARCH('{CsvToKafka,Job,Shard} Job=\"orders-2024\" MetricName=\"");
                assertThat(expression.get("label").asText()).startsWith("shard ${PROP('Dim.Shard')} ");
                searched.add(text.replaceAll(".*MetricName=\"([A-Za-z]+)\".*", "$1"));
            }
        }
        assertThat(searched).isEqualTo(METRICS);
    }

    @Test
    void aShardedJobsTotalsSumEveryShardAndRowsPerSecondIsTheirSum() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (JsonNode line : lines(dashboard(shardedJob))) {
            line.forEach(part -> {
                if (part.has("expression")) {
                    expressions.add(part.get("expression").asText());
                }
            });
        }
        assertThat(expressions).contains(
                "SELECT SUM(RowsSent) " + SHARDS_QUERY,
                "rowsPerMinute / 60",
                "SELECT MIN(ProgressPercent) " + SHARDS_QUERY,
                "SELECT MAX(EtaSeconds) " + SHARDS_QUERY,
                "SELECT SUM(JobCompleted) " + SHARDS_QUERY,
                "SELECT SUM(JobFailed) " + SHARDS_QUERY,
                "SELECT SUM(RowsSent) " + SHARDS_QUERY + " GROUP BY Shard");
        // no line reads the job id itself: no shard reports under it
        for (JsonNode line : lines(dashboard(shardedJob))) {
            assertThat(line.get(0).isObject()).as(line.toString()).isTrue();
        }
    }

    @Test
    void aShardedJobsAlarmsWatchEveryShardAndFireOnAStalledOne() {
        shardedJob.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "csv-to-kafka-job-failed",
                "Threshold", 1,
                "Metrics", List.of(Map.of("Id", "expr_1", "ReturnData", true, "Period", 60,
                        "Expression", "SELECT SUM(JobFailed) " + SHARDS_QUERY))));
        shardedJob.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "csv-to-kafka-no-progress",
                "ComparisonOperator", "LessThanThreshold",
                "Threshold", 1,
                "EvaluationPeriods", 15,
                "TreatMissingData", "notBreaching",
                "Metrics", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Expression", "MIN(perJob)", "ReturnData", true)),
                        Match.objectLike(Map.of("Id", "perJob", "ReturnData", false, "Period", 60,
                                "Expression", "SELECT SUM(RowsSent) " + SHARDS_QUERY + " GROUP BY Shard"))))));
    }

    static JsonNode dashboard(Template template) throws IOException {
        Object body = Cfn.onlyProperties(template, "AWS::CloudWatch::Dashboard").get("DashboardBody");
        return new ObjectMapper().readTree(Cfn.text(body));
    }

    static List<JsonNode> widgets(JsonNode dashboard, String type) {
        List<JsonNode> found = new ArrayList<>();
        dashboard.get("widgets").forEach(w -> {
            if (type.equals(w.get("type").asText())) {
                found.add(w);
            }
        });
        return found;
    }

    /** Each graph line: a metric array ([namespace, name, dimension, value, {...}]) or an expression object. */
    static List<JsonNode> lines(JsonNode dashboard) {
        List<JsonNode> lines = new ArrayList<>();
        widgets(dashboard, "metric").forEach(w -> w.get("properties").get("metrics").forEach(lines::add));
        return lines;
    }

    @Test
    void oneJobsDashboardGraphsEveryMetricOfThatJob() throws IOException {
        JsonNode dashboard = dashboard(oneJob);
        Set<String> graphed = new TreeSet<>();
        for (JsonNode line : lines(dashboard)) {
            assertThat(line.get(0).asText()).isEqualTo("CsvToKafka");
            assertThat(line.get(2).asText()).isEqualTo("JobId");
            assertThat(line.get(3).asText()).isEqualTo("orders-2024");
            graphed.add(line.get(1).asText());
        }
        assertThat(graphed).isEqualTo(METRICS);
        oneJob.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "csv-to-kafka"));
    }

    @Test
    void aJobIdPrefixSearchesEveryJobIdOfTheNamespace() throws IOException {
        Set<String> searched = new TreeSet<>();
        for (JsonNode line : lines(dashboard(everyJob))) {
            String expression = line.get(0).get("expression").asText();
            assertThat(expression).startsWith("SEARCH('{CsvToKafka,JobId} MetricName=\"");
            assertThat(line.get(0).get("label").asText()).startsWith("${PROP('Dim.JobId')} ");
            searched.add(expression.replaceAll(".*MetricName=\"([A-Za-z]+)\".*", "$1"));
        }
        assertThat(searched).isEqualTo(METRICS);
    }

    @Test
    void theDashboardShowsTheAlarmsAndTheErrorLinesOfTheJobsLog() throws IOException {
        JsonNode dashboard = dashboard(oneJob);

        assertThat(widgets(dashboard, "alarm")).hasSize(1);
        assertThat(widgets(dashboard, "alarm").get(0).get("properties").get("alarms")).hasSize(2);
        List<JsonNode> logs = widgets(dashboard, "log");
        assertThat(logs).hasSize(1);
        assertThat(logs.get(0).get("properties").get("query").asText())
                .startsWith("SOURCE '${{Ref=Jobs")
                .contains("filter @message like / ERROR /", "sort @timestamp desc");
    }

    @Test
    void everyGraphedMetricIsDocumented() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "metrics.md"));
        METRICS.forEach(name -> assertThat(docs).contains("| `" + name + "` |"));
    }

    @Test
    void jobFailedAlarmsOnTheFirstFailedRunOfTheJob() {
        oneJob.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "csv-to-kafka-job-failed",
                "Namespace", "CsvToKafka",
                "MetricName", "JobFailed",
                "Dimensions", List.of(Map.of("Name", "JobId", "Value", "orders-2024")),
                "Statistic", "Sum",
                "Period", 60,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "Threshold", 1,
                "EvaluationPeriods", 1,
                "TreatMissingData", "notBreaching"));
    }

    @Test
    void noProgressAlarmsAfterTheGivenMinutesWithoutACommittedRow() {
        oneJob.hasResourceProperties("AWS::CloudWatch::Alarm", Map.ofEntries(
                Map.entry("AlarmName", "csv-to-kafka-no-progress"),
                Map.entry("Namespace", "CsvToKafka"),
                Map.entry("MetricName", "RowsSent"),
                Map.entry("Dimensions", List.of(Map.of("Name", "JobId", "Value", "orders-2024"))),
                Map.entry("Statistic", "Sum"),
                Map.entry("Period", 60),
                Map.entry("ComparisonOperator", "LessThanThreshold"),
                Map.entry("Threshold", 1),
                Map.entry("EvaluationPeriods", 30),
                Map.entry("DatapointsToAlarm", 30),
                Map.entry("TreatMissingData", "notBreaching")));
    }

    @Test
    void forAPrefixTheAlarmsQueryEveryJobWithMetricsInsights() {
        everyJob.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "csv-to-kafka-job-failed",
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "Threshold", 1,
                "Metrics", List.of(Map.of("Id", "expr_1", "ReturnData", true, "Period", 60,
                        "Expression", "SELECT SUM(JobFailed) FROM SCHEMA(\"CsvToKafka\", JobId)"))));
        everyJob.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "csv-to-kafka-no-progress",
                "ComparisonOperator", "LessThanThreshold",
                "Threshold", 1,
                "EvaluationPeriods", 15,
                "DatapointsToAlarm", 15,
                "TreatMissingData", "notBreaching",
                "Metrics", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Expression", "MIN(perJob)", "ReturnData", true)),
                        Match.objectLike(Map.of("Id", "perJob", "ReturnData", false, "Period", 60,
                                "Expression", "SELECT SUM(RowsSent) FROM SCHEMA(\"CsvToKafka\", JobId) GROUP BY JobId"))))));
    }

    @Test
    void anAlarmEmailGetsATopicThatBothAlarmsNotify() {
        oneJob.resourceCountIs("AWS::SNS::Topic", 1);
        oneJob.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "ops@example.com"));
        String topic = oneJob.findResources("AWS::SNS::Topic").keySet().iterator().next();
        oneJob.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "csv-to-kafka-job-failed",
                "AlarmActions", List.of(Map.of("Ref", topic)),
                "OKActions", Match.absent()));
        oneJob.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "csv-to-kafka-no-progress",
                "AlarmActions", List.of(Map.of("Ref", topic)),
                "OKActions", List.of(Map.of("Ref", topic))));
        assertThat(Cfn.output(oneJob, "AlarmTopicArn")).contains("Ref=" + topic);
    }

    @Test
    void theAlarmTopicTakesPublishesOverTlsOnlyAndFromTheseAlarmsOnly() {
        String topic = oneJob.findResources("AWS::SNS::Topic").keySet().iterator().next();
        oneJob.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of(
                "Topics", List.of(Map.of("Ref", topic)),
                "PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
                        Map.of("Sid", "AllowPublishThroughSSLOnly", "Effect", "Deny", "Principal", "*",
                                "Action", "sns:Publish", "Resource", Map.of("Ref", topic),
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))),
                        // a topic policy replaces the default one: CloudWatch must be let in, for the two alarms
                        Map.of("Sid", "AlarmsPublish", "Effect", "Allow",
                                "Principal", Map.of("Service", "cloudwatch.amazonaws.com"),
                                "Action", "sns:Publish", "Resource", Map.of("Ref", topic),
                                "Condition", Map.of(
                                        "ArnLike", Map.of("aws:SourceArn", List.of(
                                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("MonitoringJobFailed.*"), "Arn")),
                                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("MonitoringNoProgress.*"), "Arn")))),
                                        "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))))))));
    }

    @Test
    void theDashboardCarriesNoTagsWhichSomeRegionsRefuse() {
        everyJob.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("Tags", Match.absent()));
        List<Map<String, String>> tags = List.of(Map.of("Key", "deployment", "Value", "csv-to-kafka"),
                Map.of("Key", "project", "Value", "csv-to-kafka"));
        everyJob.hasResourceProperties("AWS::Logs::LogGroup", Map.of("Tags", tags));
        oneJob.hasResourceProperties("AWS::SNS::Topic", Map.of("Tags", tags));
    }

    @Test
    void withoutAnEmailTheAlarmsOnlyShowInTheConsole() {
        everyJob.resourceCountIs("AWS::SNS::Topic", 0);
        everyJob.resourceCountIs("AWS::CloudWatch::Alarm", 2);
        everyJob.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", Match.absent()));
        assertThat(everyJob.findOutputs("AlarmTopicArn")).isEmpty();
    }

    @Test
    void theStackPrintsTheDashboardsAddress() {
        assertThat(Cfn.output(everyJob, "DashboardUrl"))
                .startsWith("https://${{Ref=AWS::Region}}.console.aws.amazon.com/cloudwatch/home?region=")
                .endsWith("#dashboards:name=csv-to-kafka");
    }
}
