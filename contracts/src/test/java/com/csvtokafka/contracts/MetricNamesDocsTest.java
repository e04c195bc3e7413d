package com.csvtokafka.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.contracts.MetricNames.Emf;
import com.csvtokafka.contracts.MetricNames.Prometheus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/metrics.md and {@link MetricNames} cannot drift apart: every name is documented, and nothing else is. */
class MetricNamesDocsTest {
    private static String docs;

    @BeforeAll
    static void read() throws IOException {
        docs = Files.readString(Path.of("..", "docs", "metrics.md"));
    }

    @Test
    void everyEmfMetricHasATableRowWithItsUnit() {
        for (Emf metric : Emf.values()) {
            assertThat(docs).as(metric.name()).contains("| `" + metric.metricName() + "` | " + metric.unit() + " |");
        }
    }

    @Test
    void everyPrometheusSeriesHasATableRowWithItsType() {
        for (Prometheus series : Prometheus.values()) {
            assertThat(docs).as(series.name()).contains("| `" + series.seriesName() + "` | " + series.type() + " |");
        }
    }

    @Test
    void theDocsNameNoMetricThatDoesNotExist() {
        Set<String> emf = Arrays.stream(Emf.values()).map(Emf::metricName).collect(Collectors.toSet());
        Set<String> prometheus = Arrays.stream(Prometheus.values()).map(Prometheus::seriesName)
                .collect(Collectors.toSet());

        Set<String> unknown = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z][A-Za-z]+)` \\| ").matcher(docs);
        while (row.find()) {
            if (!emf.contains(row.group(1))) {
                unknown.add(row.group(1));
            }
        }
        Matcher series = Pattern.compile("csv_to_kafka_[a-z_]+").matcher(docs);
        while (series.find()) {
            String name = series.group().replaceAll("_(sum|count)$", "");
            if (!prometheus.contains(name)) {
                unknown.add(series.group());
            }
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void theNamespaceAndLabelsAreDocumented() {
        assertThat(docs).contains("`" + MetricNames.NAMESPACE + "`", "`" + MetricNames.JOB_ID_DIMENSION + "`",
                "`" + MetricNames.STATUS_PROPERTY + "`", "`" + MetricNames.JOB_ID_LABEL + "`",
                "[\"" + MetricNames.JOB_DIMENSION + "\",\"" + MetricNames.SHARD_DIMENSION + "\"]",
                "`" + MetricNames.STATUS_LABEL + "`", "`" + MetricNames.PARTITION_LABEL + "`");
    }
}
