package com.csvtokafka.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The whole stack against real clients: what the processor and the integration tests rely on. */
class LocalStackIT {

    @TempDir
    static Path dataDir;

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        long started = System.nanoTime();
        stack = LocalStack.start(dataDir);
        System.out.printf("local stack started in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stopAndCheckNothingIsLeftRunning() {
        List<Long> pids = List.of(stack.kafka().pid(), stack.s3().pid(), stack.dynamoDb().pid());
        stack.close();
        assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void committedTransactionIsReadAndAbortedOneIsNot() {
        String bootstrap = stack.kafka().bootstrapServers();
        stack.kafka().createTopic("transactions", 1);

        KafkaTestClients.sendInTransaction(bootstrap, "transactions", List.of("row-1", "row-2"), true);
        KafkaTestClients.sendInTransaction(bootstrap, "transactions", List.of("aborted"), false);
        KafkaTestClients.sendInTransaction(bootstrap, "transactions", List.of("row-3"), true);

        assertThat(KafkaTestClients.readCommitted(bootstrap, "transactions"))
                .containsExactly("row-1", "row-2", "row-3");
    }

    @Test
    void killedBrokerRestartsOnTheSamePortWithItsCommittedRecords() {
        String bootstrap = stack.kafka().bootstrapServers();
        stack.kafka().createTopic("survives", 1);
        KafkaTestClients.sendInTransaction(bootstrap, "survives", List.of("before-crash"), true);

        stack.kafka().kill();
        stack.kafka().restart();
        KafkaTestClients.sendInTransaction(bootstrap, "survives", List.of("after-restart"), true);

        assertThat(stack.kafka().bootstrapServers()).isEqualTo(bootstrap);
        assertThat(KafkaTestClients.readCommitted(bootstrap, "survives"))
                .containsExactly("before-crash", "after-restart");
    }

    @Test
    void rangeGetPinnedWithIfMatchAnswers412OnceTheObjectChanged() throws Exception {
        LocalS3 s3 = stack.s3();
        s3.createBucket("pinned");
        s3.createBucket("pinned");
        Path csv = Files.writeString(dataDir.resolve("rows.csv"), "id,name\n1,alpha\n2,beta\n");
        String eTag = s3.putObject("pinned", "rows.csv", csv);

        try (S3Client client = s3.newClient()) {
            byte[] tail = client.getObjectAsBytes(request -> request.bucket("pinned").key("rows.csv")
                    .range("bytes=16-").ifMatch(eTag)).asByteArray();
            assertThat(new String(tail, StandardCharsets.UTF_8)).isEqualTo("2,beta\n");

            client.putObject(request -> request.bucket("pinned").key("rows.csv"),
                    RequestBody.fromString("id,name\n1,alpha\n2,gamma\n"));

            assertThatThrownBy(() -> client.getObjectAsBytes(request -> request.bucket("pinned").key("rows.csv")
                    .range("bytes=16-").ifMatch(eTag)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        }
    }

    /**
     * S3Proxy checks the range before If-Match (S3 does it the other way round): a replacement shorter than
     * the resume offset answers 416, not 412. Readers that resume by offset must treat both as "changed".
     */
    @Test
    void rangeBeyondAShorterReplacementAnswers416BeforeIfMatchIsChecked() throws Exception {
        LocalS3 s3 = stack.s3();
        s3.createBucket("shrunk");
        String eTag = s3.putObject("shrunk", "rows.csv",
                Files.writeString(dataDir.resolve("long.csv"), "id\n1\n2\n3\n4\n5\n"));

        try (S3Client client = s3.newClient()) {
            client.putObject(request -> request.bucket("shrunk").key("rows.csv"), RequestBody.fromString("id\n"));

            assertThatThrownBy(() -> client.getObjectAsBytes(request -> request.bucket("shrunk").key("rows.csv")
                    .range("bytes=9-").ifMatch(eTag)))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(416));
        }
    }

    @Test
    void largeFileGoesUpInPartsAndReadsBackByteForByte() throws Exception {
        byte[] content = new byte[12 << 20];
        new Random(7).nextBytes(content);
        Path file = Files.write(dataDir.resolve("large.bin"), content);

        try (S3Client client = stack.s3().newClient()) {
            S3Uploads.createBucketIfMissing(client, "large");
            String eTag = S3Uploads.put(client, "large", "large.bin", file, 1 << 20, 5 << 20);

            assertThat(client.getObjectAsBytes(request -> request.bucket("large").key("large.bin")).asByteArray())
                    .isEqualTo(content);
            byte[] acrossParts = client.getObjectAsBytes(request -> request.bucket("large").key("large.bin")
                    .range("bytes=5242870-5242889").ifMatch(eTag)).asByteArray();
            assertThat(acrossParts).isEqualTo(Arrays.copyOfRange(content, 5242870, 5242890));
        }
    }

    @Test
    void dynamoDbCreatesATableAndEnforcesConditionalWrites() {
        try (DynamoDbClient dynamo = stack.dynamoDb().newClient()) {
            dynamo.createTable(request -> request.tableName("checkpoints")
                    .keySchema(KeySchemaElement.builder().attributeName("job_id").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("job_id")
                            .attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            assertThat(dynamo.describeTable(request -> request.tableName("checkpoints")).table().tableStatus())
                    .isEqualTo(TableStatus.ACTIVE);

            Map<String, AttributeValue> lease = Map.of("job_id", AttributeValue.fromS("job-1"),
                    "owner", AttributeValue.fromS("runner-a"));
            dynamo.putItem(request -> request.tableName("checkpoints").item(lease)
                    .conditionExpression("attribute_not_exists(job_id)"));

            assertThatThrownBy(() -> dynamo.putItem(request -> request.tableName("checkpoints").item(lease)
                    .conditionExpression("attribute_not_exists(job_id)")))
                    .isInstanceOf(ConditionalCheckFailedException.class);
        }
    }

    @Test
    void environmentNamesEveryEndpointAndTheCredentials() {
        assertThat(stack.environment())
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers())
                .containsEntry("S3_ENDPOINT", stack.s3().endpoint().toString())
                .containsEntry("DYNAMODB_ENDPOINT", stack.dynamoDb().endpoint().toString())
                .containsEntry("AWS_ACCESS_KEY_ID", stack.s3().accessKey())
                .containsEntry("AWS_SECRET_ACCESS_KEY", stack.s3().secretKey())
                .containsEntry("AWS_REGION", "us-east-1");
        assertThat(dataDir.resolve("kafka").resolve("server.log")).isNotEmptyFile();
    }
}
