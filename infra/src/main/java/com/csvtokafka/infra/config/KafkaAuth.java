package com.csvtokafka.infra.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the processor authenticates to Kafka ({@code KAFKA_AUTH}); each has the MSK listener port it uses. */
public enum KafkaAuth {
    NONE("none", 9092),
    TLS("tls", 9094),
    IAM("iam", 9098),
    SCRAM_SHA_512("scram-sha-512", 9096);

    private final String value;
    private final int mskPort;

    KafkaAuth(String value, int mskPort) {
        this.value = value;
        this.mskPort = mskPort;
    }

    /** The value of {@code KAFKA_AUTH} / {@code -c kafkaAuth=}. */
    public String value() {
        return value;
    }

    /** The port MSK serves this authentication on; used when the bootstrap servers are only known at deploy time. */
    public int mskPort() {
        return mskPort;
    }

    public static KafkaAuth parse(String text) {
        return Arrays.stream(values())
                .filter(auth -> auth.value.equalsIgnoreCase(text.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of " + allowed()));
    }

    static String allowed() {
        return Arrays.stream(values()).map(KafkaAuth::value).collect(Collectors.joining("|"));
    }
}
