package com.csvtokafka.it;

import com.csvtokafka.localstack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One real Kafka broker, S3Proxy and DynamoDB Local for all ITs of the failsafe JVM: started on first use on free
 * ports, stopped when the JVM exits. Each test isolates itself with its own topic, bucket key and job id.
 */
public final class SharedStack {
    private static LocalStack stack;
    private static Path dir;

    private SharedStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            try {
                dir = Files.createTempDirectory("csv-to-kafka-it-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            stack = LocalStack.start(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-local-stack"));
        }
        return stack;
    }

    public static Map<String, String> environment() {
        return get().environment();
    }

    public static String bootstrap() {
        return get().kafka().bootstrapServers();
    }
}
