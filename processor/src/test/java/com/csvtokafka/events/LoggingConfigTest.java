package com.csvtokafka.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;

/** The shipped log4j2.xml: what reaches a user's terminal. */
class LoggingConfigTest {
    @Test
    void theKafkaClientsOwnRetryWarningsStayQuietAndOurWarningsShow() {
        assumeTrue(System.getenv("KAFKA_LOG_LEVEL") == null && System.getenv("LOG_LEVEL") == null,
                "a log level is set in the environment");
        // the producer's Sender logs "... retrying (2147483646 attempts left). Error: OUT_OF_ORDER_SEQUENCE_NUMBER"
        assertThat(LogManager.getLogger("org.apache.kafka.clients.producer.internals.Sender").isWarnEnabled()).isFalse();
        assertThat(LogManager.getLogger("org.apache.kafka.clients.NetworkClient").isWarnEnabled()).isFalse();
        assertThat(LogManager.getLogger("org.apache.kafka.clients.producer.internals.Sender").isErrorEnabled()).isTrue();
        assertThat(LogManager.getLogger("csv-to-kafka").isWarnEnabled()).isTrue();
    }
}
