package com.csvtokafka.metrics;

import com.csvtokafka.contracts.MetricNames;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Chooses the exporters of {@link JobMetrics#fromEnvironment}, with the environment and EMF output handed in. */
final class MetricsFactory {
    private static final Logger LOG = LogManager.getLogger(MetricsFactory.class);

    /** Set by ECS (Fargate and EC2 launch types) and AWS Batch in every container they start. */
    static final List<String> AWS_ENVIRONMENT = List.of("AWS_EXECUTION_ENV", "ECS_CONTAINER_METADATA_URI_V4",
            "AWS_BATCH_JOB_ID");
    static final Duration EMF_INTERVAL = Duration.ofSeconds(10);

    private enum Mode { AUTO, EMF, NONE }

    private MetricsFactory() {
    }

    static JobMetrics create(String jobId, String mode, Integer prometheusPort, Function<String, String> env,
                             Consumer<String> emfOut) {
        Objects.requireNonNull(jobId, "jobId");
        Mode chosen = parse(mode);
        List<JobMetrics> targets = new ArrayList<>();
        Optional<String> aws = AWS_ENVIRONMENT.stream().filter(name -> isSet(env.apply(name))).findFirst();
        if (chosen == Mode.EMF || chosen == Mode.AUTO && aws.isPresent()) {
            Optional<ShardDimensions> shard = ShardDimensions.fromEnvironment(jobId, env);
            targets.add(EmfMetrics.start(jobId, shard, emfOut, EMF_INTERVAL));
            LOG.info("metrics: CloudWatch embedded metric format on stdout every {} s (namespace {}, JobId {}{}){}",
                    EMF_INTERVAL.toSeconds(), MetricNames.NAMESPACE, shard.map(ShardDimensions::jobId).orElse(jobId),
                    shard.map(s -> ", Job " + s.job() + ", Shard " + s.index()).orElse(""),
                    chosen == Mode.AUTO ? "; " + aws.get() + " is set" : "");
        }
        if (prometheusPort != null) {
            try {
                PrometheusMetrics prometheus = PrometheusMetrics.serve(jobId, prometheusPort);
                targets.add(prometheus);
                LOG.info("metrics: Prometheus endpoint http://0.0.0.0:{}/metrics", prometheus.port());
            } catch (IOException | IllegalArgumentException e) {
                targets.forEach(JobMetrics::close);
                throw new IllegalArgumentException("--metrics-port " + prometheusPort + ": cannot serve /metrics ("
                        + e.getMessage() + "); choose a free port from 1 to 65535 or leave the option out", e);
            }
        }
        return switch (targets.size()) {
            case 0 -> JobMetrics.none();
            case 1 -> targets.get(0);
            default -> new FanOutMetrics(targets);
        };
    }

    private static Mode parse(String mode) {
        if (mode == null || mode.isBlank()) {
            return Mode.AUTO;
        }
        try {
            return Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metrics must be auto, emf or none, got '" + mode + "'");
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
