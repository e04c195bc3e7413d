package com.csvtokafka.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Real SDK clients with the interceptor, pointed at a closed port: every call fails to connect, and is logged all
 * the same (the permission is needed to make it), with the action, the resource and the condition values.
 */
class AwsCallLogTest {
    private static final URI NOWHERE = URI.create("http://127.0.0.1:1");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void s3CallsAreLoggedWithTheirActionTheObjectOrBucketArnAndTheListPrefix() throws IOException {
        Path log = dir.resolve("calls.jsonl");
        try (S3Client s3 = S3Client.builder().region(Region.EU_WEST_1).endpointOverride(NOWHERE).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(
                        new AwsCallLog(log, "123456789012", Set.of())))
                .build()) {
            catchThrowable(() -> s3.listObjectsV2(b -> b.bucket("data").prefix("exports/2024/")));
            catchThrowable(() -> s3.headObject(b -> b.bucket("data").key("exports/2024/a.csv.gz")));
            catchThrowable(() -> s3.getObject(b -> b.bucket("data").key("exports/2024/a.csv.gz").versionId("v1")));
        }

        List<JsonNode> calls = read(log);
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).toString()).isEqualTo("{\"service\":\"S3\",\"operation\":\"ListObjectsV2\",\"action\":\"s3:ListBucket\","
                + "\"resource\":\"arn:aws:s3:::data\",\"conditions\":{\"s3:prefix\":\"exports/2024/\"}}");
        assertThat(calls.get(1).path("action").asText()).isEqualTo("s3:GetObject");
        assertThat(calls.get(1).path("operation").asText()).isEqualTo("HeadObject");
        assertThat(calls.get(1).path("resource").asText()).isEqualTo("arn:aws:s3:::data/exports/2024/a.csv.gz");
        assertThat(calls.get(2).path("action").asText()).isEqualTo("s3:GetObjectVersion");
    }

    @Test
    void dynamoDbItemCallsNameTheTableArnAndThePartitionKeyValue() throws IOException {
        Path log = dir.resolve("calls.jsonl");
        try (DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.EU_WEST_1).endpointOverride(NOWHERE)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(
                        new AwsCallLog(log, "123456789012", Set.of("job_id"))))
                .build()) {
            catchThrowable(() -> dynamo.describeTable(b -> b.tableName("checkpoints")));
            catchThrowable(() -> dynamo.putItem(b -> b.tableName("checkpoints").item(Map.of(
                    "status", AttributeValue.fromS("RUNNING"), "job_id", AttributeValue.fromS("orders.3")))));
            catchThrowable(() -> dynamo.getItem(b -> b.tableName("checkpoints")
                    .key(Map.of("job_id", AttributeValue.fromS("orders")))));
        }

        List<JsonNode> calls = read(log);
        assertThat(calls).extracting(call -> call.path("action").asText())
                .containsExactly("dynamodb:DescribeTable", "dynamodb:PutItem", "dynamodb:GetItem");
        assertThat(calls).extracting(call -> call.path("resource").asText())
                .containsOnly("arn:aws:dynamodb:eu-west-1:123456789012:table/checkpoints");
        assertThat(calls.get(0).has("conditions")).isFalse();
        assertThat(calls.get(1).path("conditions").path("dynamodb:LeadingKeys").asText()).isEqualTo("orders.3");
        assertThat(calls.get(2).path("conditions").path("dynamodb:LeadingKeys").asText()).isEqualTo("orders");
    }

    @Test
    void theLogIsOnlyOnWhenTheEnvironmentNamesAFile() {
        assertThat(AwsCallLog.configured(Map.of())).isEmpty();
        assertThat(AwsCallLog.configured(Map.of("AWS_CALL_LOG", " "))).isEmpty();
        assertThat(AwsCallLog.configured(Map.of("AWS_CALL_LOG", "/tmp/calls.jsonl"))).contains(Path.of("/tmp/calls.jsonl"));
    }

    private static List<JsonNode> read(Path log) throws IOException {
        return Files.readAllLines(log).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }
}
