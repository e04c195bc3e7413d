package com.csvtokafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_767_225_600_000L;

    private final List<String> lines = new ArrayList<>();
    private final EmfMetrics metrics = new EmfMetrics("orders-2024", lines::add, () -> NOW);

    private JsonNode line(int index) throws IOException {
        return emf(lines.get(index));
    }

    /**
     * Parses a line and checks the rules CloudWatch applies before it extracts anything: the directive's shape,
     * a string value for every dimension, and a number (or up to 100 numbers) for every declared metric.
     */
    static JsonNode emf(String text) throws IOException {
        assertThat(text).doesNotContain("\n");
        JsonNode line = JSON.readTree(text);
        JsonNode aws = line.get("_aws");
        assertThat(aws.get("Timestamp").isIntegralNumber()).isTrue();
        JsonNode directives = aws.get("CloudWatchMetrics");
        assertThat(directives).hasSize(1);
        for (JsonNode dimensionSet : directives.get(0).get("Dimensions")) {
            dimensionSet.forEach(name -> assertThat(line.get(name.asText()).isTextual()).as(name.asText()).isTrue());
        }
        for (JsonNode metric : directives.get(0).get("Metrics")) {
            JsonNode value = line.get(metric.get("Name").asText());
            assertThat(value).as(metric.get("Name").asText()).isNotNull();
            if (value.isArray()) {
                assertThat(value.size()).isBetween(1, 100);
                value.forEach(v -> assertThat(v.isNumber()).isTrue());
            } else {
                assertThat(value.isNumber()).as(metric.get("Name").asText()).isTrue();
            }
        }
        return line;
    }

    static Map<String, String> units(JsonNode line) {
        Map<String, String> units = new LinkedHashMap<>();
        line.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics")
                .forEach(m -> units.put(m.get("Name").asText(), m.get("Unit").asText()));
        return units;
    }

    @Test
    void aLineIsEmfWithOurNamespaceDimensionUnitsAndTheIntervalsValues() throws IOException {
        metrics.resume();
        metrics.checkpointLag(0);
        metrics.commit(12_500_000, 1000);
        metrics.rows(1000, 50_000);
        metrics.commit(30_000_000, 500);
        metrics.rows(500, 25_000);
        metrics.retry();
        metrics.badRow();
        metrics.badRow();
        metrics.progress(0.42, 512_000, 65.4);
        metrics.flush();

        assertThat(lines).hasSize(1);
        JsonNode line = line(0);
        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(line.get("_aws").get("Timestamp").asLong()).isEqualTo(NOW);
        assertThat(directive.get("Namespace").asText()).isEqualTo("CsvToKafka");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"JobId\"]]");
        assertThat(line.get("JobId").asText()).isEqualTo("orders-2024");
        assertThat(units(line)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "RowsSent", "Count", "BytesRead", "Bytes", "Retries", "Count", "BadRows", "Count",
                "Resumes", "Count", "CommitLatencyMs", "Milliseconds", "RowsPerSecond", "Count/Second",
                "ProgressPercent", "Percent", "EtaSeconds", "Seconds", "CheckpointLagRecords", "Count"));
        assertThat(line.get("RowsSent").asLong()).isEqualTo(1500);
        assertThat(line.get("BytesRead").asLong()).isEqualTo(75_000);
        assertThat(line.get("Retries").asLong()).isEqualTo(1);
        assertThat(line.get("BadRows").asLong()).isEqualTo(2);
        assertThat(line.get("Resumes").asLong()).isEqualTo(1);
        assertThat(line.get("CommitLatencyMs").toString()).isEqualTo("[12.5,30.0]");
        assertThat(line.get("RowsPerSecond").asDouble()).isEqualTo(512_000.0);
        assertThat(line.get("ProgressPercent").asDouble()).isEqualTo(42.0);
        assertThat(line.get("EtaSeconds").asDouble()).isEqualTo(65.0);
        assertThat(line.get("CheckpointLagRecords").isIntegralNumber()).isTrue();
        assertThat(line.get("CheckpointLagRecords").asLong()).isZero();
        assertThat(line.has("JobFailed")).isFalse();
        assertThat(line.has("JobCompleted")).isFalse();
    }

    @Test
    void aShardsLinesKeepTheJobIdSetAndAddJobAndShard() throws IOException {
        // The run may name the metrics by the base job id or by the shard's own: the line is the same.
        for (String jobId : List.of("orders-2024", "orders-2024.3")) {
            List<String> out = new ArrayList<>();
            EmfMetrics shard = new EmfMetrics(jobId, Optional.of(new ShardDimensions("orders-2024", 3)), out::add,
                    () -> NOW);
            shard.rows(10, 100);
            shard.finished("COMPLETED");

            JsonNode line = emf(out.get(0));
            JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
            assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"JobId\"],[\"Job\",\"Shard\"]]");
            assertThat(line.get("JobId").asText()).isEqualTo("orders-2024.3");
            assertThat(line.get("Job").asText()).isEqualTo("orders-2024");
            assertThat(line.get("Shard").asText()).isEqualTo("3");
            assertThat(line.get("RowsSent").asLong()).isEqualTo(10);
            assertThat(line.get("JobCompleted").asLong()).isEqualTo(1);
        }
    }

    @Test
    void countsAreTheIntervalsOwnWhileGaugesKeepTheirLastValue() throws IOException {
        metrics.rows(1000, 50_000);
        metrics.commit(5_000_000, 1000);
        metrics.progress(0.5, 1000, 30);
        metrics.flush();
        metrics.rows(10, 100);
        metrics.flush();

        JsonNode second = line(1);
        assertThat(second.get("RowsSent").asLong()).isEqualTo(10);
        assertThat(second.get("BytesRead").asLong()).isEqualTo(100);
        assertThat(units(second)).doesNotContainKey("CommitLatencyMs");
        assertThat(second.get("ProgressPercent").asDouble()).isEqualTo(50.0);
    }

    @Test
    void aQuietIntervalStillSendsALineWithZeroRowsAndNoInventedGauges() throws IOException {
        metrics.flush();

        JsonNode line = line(0);
        assertThat(line.get("RowsSent").asLong()).isZero();
        assertThat(units(line)).containsOnlyKeys("RowsSent", "BytesRead", "Retries", "BadRows", "Resumes");
    }

    @Test
    void anUnknownEtaIsLeftOut() throws IOException {
        metrics.progress(0.1, 100, Double.NaN);
        metrics.flush();
        metrics.progress(0.1, 100, -1);
        metrics.flush();

        assertThat(units(line(0))).containsKey("ProgressPercent").doesNotContainKey("EtaSeconds");
        assertThat(units(line(1))).doesNotContainKey("EtaSeconds");
    }

    @Test
    void eachLineCarriesTheNewestProducersMetricsInTheClientsUnits() throws IOException {
        metrics.producer(() -> ProducerMetricTest.producerMetrics(1000, 12.5, 16384, 3, 1 << 20));
        metrics.flush();
        metrics.producer(() -> ProducerMetricTest.producerMetrics(0, Double.NaN, Double.NaN, Double.NaN, 1 << 25));
        metrics.flush();
        metrics.producer(null);
        metrics.flush();

        JsonNode first = line(0);
        assertThat(units(first)).containsAllEntriesOf(Map.of(
                "ProducerRecordSendRate", "Count/Second", "ProducerRequestLatencyAvgMs", "Milliseconds",
                "ProducerBatchSizeAvgBytes", "Bytes", "ProducerRecordQueueTimeAvgMs", "Milliseconds",
                "ProducerBufferAvailableBytes", "Bytes"));
        assertThat(first.get("ProducerRecordSendRate").asDouble()).isEqualTo(1000.0);
        assertThat(first.get("ProducerRequestLatencyAvgMs").asDouble()).isEqualTo(12.5);
        assertThat(first.get("ProducerBatchSizeAvgBytes").asDouble()).isEqualTo(16384.0);
        assertThat(first.get("ProducerRecordQueueTimeAvgMs").asDouble()).isEqualTo(3.0);
        assertThat(first.get("ProducerBufferAvailableBytes").asDouble()).isEqualTo(1 << 20);
        JsonNode second = line(1);
        assertThat(second.get("ProducerBufferAvailableBytes").asDouble()).isEqualTo(1 << 25);
        assertThat(units(second)).containsKey("ProducerRecordSendRate")
                .doesNotContainKeys("ProducerRequestLatencyAvgMs", "ProducerBatchSizeAvgBytes");
        assertThat(units(line(2)).keySet()).noneMatch(name -> name.startsWith("Producer"));
    }

    @Test
    void finishedSendsTheLastLineWithTheOutcomeAndNothingFollows() throws IOException {
        metrics.rows(7, 70);
        metrics.finished("FAILED");
        metrics.flush();
        metrics.close();

        assertThat(lines).hasSize(1);
        JsonNode line = line(0);
        assertThat(line.get("RowsSent").asLong()).isEqualTo(7);
        assertThat(line.get("JobFailed").asInt()).isEqualTo(1);
        assertThat(line.get("JobCompleted").asInt()).isZero();
        assertThat(line.get("Status").asText()).isEqualTo("FAILED");
        assertThat(units(line)).containsEntry("JobFailed", "Count").containsEntry("JobCompleted", "Count");
    }

    @Test
    void aCompletedRunCountsOneCompletionAndNoFailure() throws IOException {
        metrics.finished("COMPLETED");

        assertThat(line(0).get("JobCompleted").asInt()).isEqualTo(1);
        assertThat(line(0).get("JobFailed").asInt()).isZero();
    }

    @Test
    void anInterruptedRunIsNeitherFailedNorCompleted() throws IOException {
        metrics.finished("INTERRUPTED");

        assertThat(line(0).get("JobCompleted").asInt()).isZero();
        assertThat(line(0).get("JobFailed").asInt()).isZero();
        assertThat(line(0).get("Status").asText()).isEqualTo("INTERRUPTED");
    }

    @Test
    void closeWithoutAnOutcomeSendsWhatIsPendingOnce() throws IOException {
        metrics.rows(5, 50);
        metrics.close();
        metrics.close();

        assertThat(lines).hasSize(1);
        assertThat(line(0).get("RowsSent").asLong()).isEqualTo(5);
        assertThat(line(0).has("JobFailed")).isFalse();
    }

    @Test
    void theTimerSendsHeartbeatsUntilTheRunFinishes() throws Exception {
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        EmfMetrics timed = EmfMetrics.start("j", Optional.empty(), out::add, Duration.ofMillis(20));
        try {
            String heartbeat = out.poll(10, TimeUnit.SECONDS);
            assertThat(heartbeat).isNotNull();
            assertThat(emf(heartbeat).get("RowsSent").asLong()).isZero();

            timed.rows(3, 30);
            timed.finished("COMPLETED");
            List<String> rest = new ArrayList<>();
            out.drainTo(rest);
            assertThat(emf(rest.get(rest.size() - 1)).get("JobCompleted").asInt()).isEqualTo(1);
            Thread.sleep(200);
            assertThat(out).as("lines after the final one").isEmpty();
        } finally {
            timed.close();
        }
    }

    @Test
    void log4jWritesTheMetricsLoggerRawToStdoutRegardlessOfLogLevel() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LoggerConfig logger = context.getConfiguration().getLoggerConfig(JobMetrics.EMF_LOGGER);

        assertThat(logger.getName()).isEqualTo(JobMetrics.EMF_LOGGER);
        assertThat(logger.isAdditive()).isFalse();
        assertThat(logger.getLevel()).isEqualTo(Level.INFO);
        assertThat(logger.getAppenders()).hasSize(1);
        Appender appender = logger.getAppenders().values().iterator().next();
        assertThat(appender).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender) appender).getTarget()).isEqualTo(ConsoleAppender.Target.SYSTEM_OUT);
        assertThat(((PatternLayout) appender.getLayout()).getConversionPattern()).isEqualTo("%m%n");
    }
}
