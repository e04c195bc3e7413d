package com.csvtokafka.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void producerIsTransactionalIdempotentAndOrdered() {
        Properties p = new KafkaSettings("b:9092", KafkaSettings.Auth.NONE, null, null, Map.of("linger.ms", "50"))
                .producer("job-7", 1_048_588, 2_000_000);
        assertThat(p).containsEntry("transactional.id", "csv-to-kafka-job-7")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("acks", "all")
                .containsEntry("max.in.flight.requests.per.connection", "5")
                .containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", "50")
                .containsEntry("max.request.size", "2000000")
                .containsEntry("batch.size", "524288");
    }

    @Test
    void guaranteesCannotBeOverridden() {
        for (String key : new String[] {"acks", "enable.idempotence", "transactional.id", "isolation.level"}) {
            assertThatThrownBy(() -> new KafkaSettings("b:9092", KafkaSettings.Auth.NONE, null, null, Map.of(key, "x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
        }
        assertThatThrownBy(() -> new KafkaSettings("b:9092", KafkaSettings.Auth.NONE, null, null,
                Map.of("max.in.flight.requests.per.connection", "10"))).hasMessageContaining("at most 5");
    }

    @Test
    void mskIamAuthentication() {
        Properties p = new KafkaSettings("b:9098", KafkaSettings.parseAuth("iam"), null, null, Map.of()).common("c");
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "AWS_MSK_IAM");
        assertThat(p.getProperty("sasl.client.callback.handler.class")).contains("IAMClientCallbackHandler");
    }

    @Test
    void consumerReadsOnlyCommittedRecordsAndToStringHidesSecrets() {
        KafkaSettings s = new KafkaSettings("b:9092", KafkaSettings.parseAuth("scram-sha-512"), "u", "secret",
                Map.of("ssl.truststore.password", "pw"));
        assertThat(s.consumer("c")).containsEntry("isolation.level", "read_committed")
                .containsEntry("ssl.truststore.password", "pw");
        assertThat(s.toString()).doesNotContain("secret").doesNotContain("pw")
                .isEqualTo("b:9092, auth scram-sha-512, properties ssl.truststore.password=***");
        assertThat(new KafkaSettings("b:9092", KafkaSettings.Auth.NONE, null, null, Map.of()))
                .as("no Java record syntax, no empty map").hasToString("b:9092, auth none");
    }
}
