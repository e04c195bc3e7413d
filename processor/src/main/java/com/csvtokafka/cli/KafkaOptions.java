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

/**
 * How to authenticate to Kafka and tune its clients. The brokers, topic and partition are each command's own options:
 * what they mean differs between run, verify and status.
 */
public final class KafkaOptions {
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

    KafkaSettings settings(String bootstrapServers) {
        String bootstrap = Options.require(bootstrapServers, "--bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS");
        return settings(bootstrap, auth, "--kafka-auth", configFile, "--kafka-config",
                System.getenv("KAFKA_PROPERTIES"), properties, "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD");
    }

    /**
     * Client settings from an auth mode, a .properties file, comma-separated K=V from the environment and K=V
     * options (later wins): the target's (--kafka-*) and a Kafka source's (--source-kafka-*) are read alike.
     */
    static KafkaSettings settings(String bootstrap, String auth, String authOption, Path configFile,
                                  String configOption, String fromEnv, List<String> properties, String userEnv,
                                  String passwordEnv) {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (configFile != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile)) {
                file.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + configOption + " " + configFile + ": " + e.getMessage());
            }
            file.forEach((k, v) -> overrides.put(k.toString(), v.toString()));
        }
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
        KafkaSettings.Auth mode;
        try {
            mode = KafkaSettings.parseAuth(auth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(authOption + " must be none, tls, iam or scram-sha-512, got '" + auth + "'");
        }
        return new KafkaSettings(bootstrap, mode, System.getenv(userEnv), System.getenv(passwordEnv), overrides);
    }
}
