package com.csvtokafka.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * Kafka, S3 and DynamoDB together, started concurrently (about as long as Kafka alone), for tests that need
 * the whole stack. {@link #environment()} gives the variables to hand to a processor started as a process.
 */
public final class LocalStack implements AutoCloseable {

    private final LocalKafka kafka;
    private final LocalS3 s3;
    private final LocalDynamoDb dynamoDb;

    private LocalStack(LocalKafka kafka, LocalS3 s3, LocalDynamoDb dynamoDb) {
        this.kafka = kafka;
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
    }

    /** Starts all three with their data under {@code dataDir}; if one fails, the others are stopped again. */
    public static LocalStack start(Path dataDir) {
        List<Future<AutoCloseable>> started = Parallel.run(List.<Callable<AutoCloseable>>of(
                () -> LocalKafka.start(dataDir),
                () -> LocalS3.start(dataDir),
                () -> LocalDynamoDb.start(dataDir)));
        List<AutoCloseable> servers = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<AutoCloseable> server : started) {
            try {
                servers.add(Parallel.value(server));
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            for (AutoCloseable server : servers) {
                closeQuietly(server, failure);
            }
            throw failure;
        }
        return new LocalStack((LocalKafka) servers.get(0), (LocalS3) servers.get(1), (LocalDynamoDb) servers.get(2));
    }

    private static void closeQuietly(AutoCloseable server, RuntimeException failure) {
        try {
            server.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public LocalS3 s3() {
        return s3;
    }

    public LocalDynamoDb dynamoDb() {
        return dynamoDb;
    }

    /**
     * {@code KAFKA_BOOTSTRAP_SERVERS}, {@code S3_ENDPOINT}, {@code DYNAMODB_ENDPOINT}, {@code AWS_ACCESS_KEY_ID},
     * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_REGION}: the same variables as {@code bin/local-stack env}.
     */
    public Map<String, String> environment() {
        return StackEnv.of(Map.of(
                Component.KAFKA, kafka.bootstrapServers(),
                Component.S3, s3.endpoint().toString(),
                Component.DYNAMODB, dynamoDb.endpoint().toString())).variables();
    }

    @Override
    public void close() {
        List<Future<Void>> stopped = Parallel.run(List.<Callable<Void>>of(
                () -> stop(kafka), () -> stop(s3), () -> stop(dynamoDb)));
        stopped.forEach(Parallel::value);
    }

    private static Void stop(AutoCloseable server) throws Exception {
        server.close();
        return null;
    }
}
