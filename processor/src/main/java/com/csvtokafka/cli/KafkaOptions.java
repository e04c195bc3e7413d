package com.csvtokafka.cli;

import com.csvtokafka.kafka.KafkaSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** How to reach Kafka and which partition the job owns. */
public final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,..]", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka brokers (env KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "NAME", defaultValue = "${env:KAFKA_TOPIC}",
            description = "target topic (env KAFKA_TOPIC); not auto-created unless --create-topic")
    String topic;

    @Option(names = "--partition", paramLabel = "N", defaultValue = "${env:KAFKA_PARTITION:-0}",
            description = "the one partition all rows go to, in file order (env KAFKA_PARTITION; default ${DEFAULT-VALUE})")
    int partition;

    @Option(names = "--kafka-auth", paramLabel = "MODE", defaultValue = "${env:KAFKA_AUTH:-none}",
            description = "none | tls | iam (MSK IAM) | scram-sha-512 (env KAFKA_AUTH; SCRAM reads "
                    + "KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD; default ${DEFAULT-VALUE})")
    String auth;

    @Option(names = "--kafka-property", paramLabel = "K=V",
            description = "any Kafka client property, repeatable, e.g. linger.ms=50 (env KAFKA_PROPERTIES: "
                    + "comma-separated K=V); the settings exactly-once depends on cannot be overridden")
    List<String> properties = new ArrayList<>();

    @Option(names = "--kafka-config", paramLabel = "FILE", defaultValue = "${env:KAFKA_CONFIG_FILE}",
            description = "a Kafka client .properties file (env KAFKA_CONFIG_FILE); --kafka-property wins over it")
    Path configFile;

    String requireTopic() {
        return Options.require(topic, "--topic", "KAFKA_TOPIC");
    }

    KafkaSettings settings() {
        String bootstrap = Options.require(bootstrapServers, "--bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS");
        Map<String, String> overrides = new LinkedHashMap<>();
        if (configFile != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile)) {
                file.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --kafka-config " + configFile + ": " + e.getMessage());
            }
            file.forEach((k, v) -> overrides.put(k.toString(), v.toString()));
        }
        String fromEnv = System.getenv("KAFKA_PROPERTIES");
        List<String> all = new ArrayList<>();
        if (!Options.blank(fromEnv)) {
            all.addAll(List.of(fromEnv.split(",")));
        }
        all.addAll(properties);
        for (String kv : all) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Kafka property must look like key=value, got '" + kv + "'");
            }
            overrides.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return new KafkaSettings(bootstrap, KafkaSettings.parseAuth(auth), System.getenv("KAFKA_SASL_USERNAME"),
                System.getenv("KAFKA_SASL_PASSWORD"), overrides);
    }
}
