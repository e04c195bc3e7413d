package com.csvtokafka.it;

import com.csvtokafka.localstack.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * A second Kafka cluster, independent of {@link SharedStack}'s, for Kafka → Kafka tests (a source topic on one
 * cluster, its copy on the other): one real broker started on first use on free ports, stopped when the JVM exits.
 * Each test isolates itself with its own topic names. A test that bounces a broker starts its own
 * ({@code LocalKafka.start(dir)}) rather than this shared one.
 */
public final class SecondCluster {
    private static LocalKafka kafka;

    private SecondCluster() {
    }

    public static synchronized LocalKafka get() {
        if (kafka == null) {
            try {
                kafka = LocalKafka.start(Files.createTempDirectory("csv-to-kafka-it-second-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "stop-second-cluster"));
        }
        return kafka;
    }

    public static String bootstrap() {
        return get().bootstrapServers();
    }
}
