package com.csvtokafka.it.chaos;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios whose processor reaches Kafka only through a {@link TcpProxy}: a {@link ProxiedKafka} of the test class's
 * own, started before its first test and stopped after its last (test classes run one at a time).
 */
abstract class ProxiedKafkaTest {
    @TempDir
    static Path kafkaDir;
    /** The broker and its proxy, for the class's tests. */
    static ProxiedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = ProxiedKafka.start(kafkaDir);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }
}
