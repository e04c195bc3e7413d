package com.csvtokafka.infra.constructs;

import com.csvtokafka.infra.config.KafkaAuth;
import com.csvtokafka.infra.config.KafkaSource;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.dynamodb.ITable;

/**
 * The container's configuration, in the processor's environment variable names (README, "Usage"). A topic, job id or
 * source given as a prefix is left out: each job names its own when it is started (the run commands do).
 */
public final class ProcessorEnvironment {

    private ProcessorEnvironment() {
    }

    public static Map<String, String> of(JobTarget target, ITable table) {
        Map<String, String> env = new TreeMap<>(target.job().options());
        putIfExact(env, "SOURCE_URI", target.kafkaSource().map(KafkaSource::uri)
                .orElseGet(() -> target.source().orElseThrow().exactUriOrNull()));
        target.kafkaSource().ifPresent(source -> {
            source.mskClusterArn().ifPresent(arn -> env.put("SOURCE_KAFKA_AUTH", KafkaAuth.IAM.value()));
            if (source.follow()) {
                env.put("FOLLOW", "true");
            }
        });
        putIfExact(env, "KAFKA_TOPIC", target.topic().exactOrNull());
        putIfExact(env, "JOB_ID", target.jobId().exactOrNull());
        env.put("KAFKA_BOOTSTRAP_SERVERS", target.bootstrapServers());
        env.put("KAFKA_AUTH", target.auth().value());
        env.put("CREATE_TOPIC", Boolean.toString(target.createTopic()));
        env.put("CHECKPOINT_TABLE", table.getTableName());
        env.put("AWS_REGION", Aws.REGION);
        // CloudWatch EMF lines for the dashboard and alarms (JobMonitoring). ECS and Batch would be recognised
        // anyway; a plain EC2 instance would not, and saying so explicitly keeps the three options alike.
        env.put("METRICS", "emf");
        // A retried task or a replacement instance starts on another host, where the lease of the runner that
        // died is still live until it expires (60 s): wait for it instead of failing (exit 1 is not retried).
        env.put("LEASE_WAIT_SECONDS", "90");
        return env;
    }

    private static void putIfExact(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
