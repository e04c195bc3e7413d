package com.csvtokafka.it.permissions;

import com.csvtokafka.infra.config.InfraConfig;
import com.csvtokafka.infra.config.KafkaAuth;
import com.csvtokafka.infra.config.S3Source;
import java.util.Map;
import java.util.Optional;

/**
 * What a job of one context works with, as the deployment names it: the source's bucket and key (or prefix), where
 * its manifests are (context manifestUri; none: a manifest is put under the source prefix), the
 * checkpoint table, the topic, a job id the role admits (a prefix's example), the dead-letter topic, the shards,
 * the processor options the stacks pass, and the MSK cluster when Kafka is authorized by IAM.
 */
record JobUnderTest(String context, String bucket, String key, boolean prefix, Optional<S3Source> manifests,
                    String table, String topic,
                    String jobId, Optional<String> dlq, int shards, Map<String, String> options,
                    Optional<String> mskClusterArn, String logGroup, Optional<String> saslSecretArn,
                    Optional<String> saslSecretKmsKeyArn) {

    static JobUnderTest of(String context, SynthesizedApp app) {
        InfraConfig config = app.config();
        S3Source source = config.job().source().orElseGet(() ->
                new S3Source(app.ref("SandboxStack", "AWS::S3::Bucket"), InfraConfig.SANDBOX_PREFIX));
        String key = source.key().endsWith("*") ? source.key().substring(0, source.key().length() - 1) : source.key();
        String table = app.ref("CheckpointStack", "AWS::DynamoDB::Table");
        Optional<String> cluster = config.kafka().auth() != KafkaAuth.IAM ? Optional.empty()
                : config.kafka().mskClusterArn().or(() ->
                Optional.of(app.getAtt("SandboxStack", "AWS::MSK::ServerlessCluster", "Arn")));
        return new JobUnderTest(context, source.bucket(), key, source.isPrefix(), config.job().manifest(), table,
                config.job().topic().example(), config.job().jobId().example(), config.job().dlqTopic(),
                config.job().shards(), config.job().options(), cluster,
                app.ref("CheckpointStack", "AWS::Logs::LogGroup"), config.kafka().saslSecretArn(),
                config.kafka().saslSecretKmsKeyArn());
    }

    /** Where a manifest of this job is put: the context's manifest object, one under its manifest prefix, or none. */
    S3Source manifest() {
        return manifests.map(m -> m.isPrefix() ? new S3Source(m.bucket(),
                        m.key().replaceFirst("\\*$", "") + "orders-manifest.txt") : m)
                .orElseGet(() -> new S3Source(bucket, key + "manifest.txt"));
    }

    /** Partitions of the target topic: enough for every partition a shard, a key or a lane may write to. */
    int topicPartitions() {
        String partitions = options.getOrDefault("PARTITIONS", "0");
        int highest = 0;
        for (String part : partitions.split("[,-]")) {
            if (part.matches("\\d+")) {
                highest = Math.max(highest, Integer.parseInt(part));
            }
        }
        // two at least: a keyed run in two lanes writes partitions 0-1
        return Math.max(highest + 1, 2);
    }
}
