package com.csvtokafka.cli;

import com.csvtokafka.kafka.KafkaSettings;
import com.csvtokafka.source.KafkaSourceUri;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How to reach and authenticate to the cluster of a {@code --source kafka://HOST:PORT/TOPIC}: the same choices as
 * the target's (--kafka-auth, --kafka-property, --kafka-config), read the same way, for the source cluster.
 */
public final class SourceKafkaOptions {
    @Option(names = "--source-kafka-auth", paramLabel = "MODE", defaultValue = "${env:SOURCE_KAFKA_AUTH:-none}",
            description = "with a kafka:// source: none | tls | iam (MSK IAM) | scram-sha-512 for the source cluster "
                    + "(env SOURCE_KAFKA_AUTH; SCRAM reads SOURCE_KAFKA_SASL_USERNAME/SOURCE_KAFKA_SASL_PASSWORD; "
                    + "default ${DEFAULT-VALUE})")
    String auth;

    @Option(names = "--source-kafka-property", paramLabel = "K=V",
            description = "with a kafka:// source: a client property for the source cluster, repeatable (env "
                    + "SOURCE_KAFKA_PROPERTIES: comma-separated K=V); isolation.level stays read_committed")
    List<String> properties = new ArrayList<>();

    @Option(names = "--source-kafka-config", paramLabel = "FILE", defaultValue = "${env:SOURCE_KAFKA_CONFIG}",
            description = "with a kafka:// source: a client .properties file for the source cluster (env "
                    + "SOURCE_KAFKA_CONFIG); --source-kafka-property wins over it")
    Path configFile;

    /** The source cluster's client settings, its brokers from the URI. */
    KafkaSettings settings(KafkaSourceUri uri) {
        return KafkaOptions.settings(uri.bootstrapServers(), auth, "--source-kafka-auth", configFile,
                "--source-kafka-config", System.getenv("SOURCE_KAFKA_PROPERTIES"), properties,
                "SOURCE_KAFKA_SASL_USERNAME", "SOURCE_KAFKA_SASL_PASSWORD");
    }

    /** True when any source-cluster setting was given: they mean nothing without a kafka:// source. */
    boolean given() {
        return !properties.isEmpty() || configFile != null || !"none".equalsIgnoreCase(auth.trim());
    }
}
