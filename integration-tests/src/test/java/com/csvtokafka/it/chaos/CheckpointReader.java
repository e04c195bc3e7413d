package com.csvtokafka.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a job's checkpoint the way an operator would, from outside the processor: the JSON file of
 * {@code --checkpoint-dir} or the DynamoDB item of {@code --checkpoint-table}. Used for C5 (never ahead of Kafka).
 */
@FunctionalInterface
public interface CheckpointReader {

    /** What the checkpoint claims; {@code kafkaOffset} is -1 when it names no anchor. */
    record State(String status, long totalSent, long lastLine, long byteOffset, long kafkaOffset) {
    }

    /** Empty while the job has no checkpoint with a position yet. */
    Optional<State> read();

    static CheckpointReader directory(Path dir, String jobId) {
        ObjectMapper json = new ObjectMapper();
        Path file = dir.resolve(jobId + ".json");
        return () -> {
            try {
                JsonNode n = json.readTree(Files.readString(file));
                if (n == null || !n.has("status")) {
                    return Optional.empty();
                }
                return Optional.of(new State(n.get("status").asText(), n.path("total_sent").asLong(),
                        n.path("last_line").asLong(), n.path("byte_offset").asLong(),
                        n.has("kafka_offset") ? n.get("kafka_offset").asLong() : -1));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new IllegalStateException("unreadable checkpoint " + file + ": " + e, e);
            }
        };
    }

    static CheckpointReader dynamoDb(DynamoDbClient dynamo, String table, String jobId) {
        return () -> {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                    .key(Map.of("job_id", AttributeValue.fromS(jobId))).consistentRead(true)).item();
            if (item == null || !item.containsKey("status")) {
                return Optional.empty();
            }
            return Optional.of(new State(item.get("status").s(), num(item, "total_sent"), num(item, "last_line"),
                    num(item, "byte_offset"), item.containsKey("kafka_offset") ? num(item, "kafka_offset") : -1));
        };
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}
