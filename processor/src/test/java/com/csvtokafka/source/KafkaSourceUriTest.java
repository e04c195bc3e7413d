package com.csvtokafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaSourceUriTest {

    @Test
    void readsBrokersAndTopic() {
        KafkaSourceUri uri = KafkaSourceUri.parse("kafka://a:9092,b.example.com:9094/orders.v1");
        assertThat(uri.bootstrapServers()).isEqualTo("a:9092,b.example.com:9094");
        assertThat(uri.topic()).isEqualTo("orders.v1");
        assertThat(uri.partitionUri(2)).isEqualTo("kafka://a:9092,b.example.com:9094/orders.v1#2");
        assertThat(KafkaSourceUri.isKafka("KAFKA://x:1/t")).isTrue();
        assertThat(KafkaSourceUri.isKafka("s3://b/k")).isFalse();
    }

    @Test
    void refusesWhatIsNotATopicOnBrokers() {
        assertThatThrownBy(() -> KafkaSourceUri.parse("kafka://a:9092")).hasMessageContaining("kafka://HOST:PORT");
        assertThatThrownBy(() -> KafkaSourceUri.parse("kafka://a:9092/")).hasMessageContaining("TOPIC");
        assertThatThrownBy(() -> KafkaSourceUri.parse("kafka://a/t")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> KafkaSourceUri.parse("kafka://a:x/t")).hasMessageContaining("'a:x'");
    }
}
