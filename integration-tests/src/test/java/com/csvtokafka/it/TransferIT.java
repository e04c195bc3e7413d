package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** End to end against a real broker, S3Proxy and DynamoDB Local, the processor in its own JVM. */
class TransferIT {
    @TempDir
    Path dir;

    private static Map<String, String> env() {
        return SharedStack.environment();
    }

    @Test
    void s3ToKafkaWithDynamoDbCheckpointEveryRowOnceInOrderByteForByte() throws Exception {
        CsvData data = CsvData.generate(30_000, 1);
        SharedStack.get().s3().createBucket("e2e");
        SharedStack.get().s3().putObject("e2e", "in/data.csv", data.write(dir, "data.csv"));
        SharedStack.get().kafka().createTopic("e2e-csv", 1);
        String[] args = {"run", "--source", "s3://e2e/in/data.csv", "--topic", "e2e-csv", "--job-id", "e2e-1",
                "--format", "csv", "--checkpoint-table", "it-checkpoints", "--create-table", "--transaction-rows", "7000",
                "--bootstrap-servers", SharedStack.bootstrap(), "--s3-endpoint", env().get("S3_ENDPOINT"),
                "--dynamodb-endpoint", env().get("DYNAMODB_ENDPOINT")};
        Processor.Result result = Processor.run(dir, env(), 120, args);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.events().completedNow()).as(result.events().toString()).isTrue();
        assertThat(result.events().last("completed").orElseThrow().path("at").path("sent").asLong()).isEqualTo(30_000);
        assertThat(EventsDocument.problems(result.events())).as("the events are as docs/events.md says").isEmpty();

        List<Topic.Rec> records = Topic.readCommitted("e2e-csv", 0);
        assertThat(records).extracting(Topic.Rec::value).containsExactlyElementsOf(data.rows);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).headers()).containsEntry("csv.row", Integer.toString(i + 1));
        }
        Map<String, String> anchor = records.get(records.size() - 1).headers();
        assertThat(anchor).containsEntry("csv.source", "s3://e2e/in/data.csv").containsEntry("csv.job", "e2e-1")
                .containsEntry("csv.next", Integer.toString(data.bytes.length)).containsKeys("csv.offset", "csv.version");
        // transactions of at most 7000 rows: every 7000th record closes one and carries the full position set
        assertThat(records.get(6999).headers()).containsKeys("csv.offset", "csv.version", "csv.next");
        assertThat(records.get(7000).headers()).doesNotContainKey("csv.offset");

        try (DynamoDbClient dynamo = SharedStack.get().dynamoDb().newClient()) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName("it-checkpoints")
                    .key(Map.of("job_id", AttributeValue.fromS("e2e-1")))).item();
            assertThat(item.get("status").s()).isEqualTo("COMPLETED");
            assertThat(item.get("last_line").n()).isEqualTo("30000");
            assertThat(item.get("total_sent").n()).isEqualTo("30000");
            assertThat(item.get("byte_offset").n()).isEqualTo(Integer.toString(data.bytes.length));
            assertThat(item).containsKeys("timestamp", "owner", "epoch", "lease_expires_at");
        }

        Processor.Result again = Processor.run(dir, env(), 60, args);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.events().alreadyCompleted()).as(again.events().toString()).isTrue();
        assertThat(again.events().has("resumed")).as("a completed job is not resumed").isFalse();
        assertThat(EventsDocument.problems(again.events())).isEmpty();
        assertThat(Topic.readCommitted("e2e-csv", 0)).hasSize(30_000);
    }

    @Test
    void jsonFormatFromALocalFileKeyedByColumn() throws Exception {
        CsvData data = CsvData.of("id,name,note", List.of("1,ann,\"a, b\"", "2,bob,\"x\ny\"", "3,zoë,\"q \"\"r\"\"\""),
                "\r\n", false);
        Path file = data.write(dir, "small.csv");
        SharedStack.get().kafka().createTopic("e2e-json", 1);
        Processor.Result result = Processor.run(dir, env(), 60, "run", "--source", file.toString(), "--topic", "e2e-json",
                "--job-id", "json-1", "--key", "column:name", "--headers", "all", "--bootstrap-servers", SharedStack.bootstrap());
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<Topic.Rec> records = Topic.readCommitted("e2e-json", 0);
        ObjectMapper json = new ObjectMapper();
        assertThat(records).hasSize(3);
        assertThat(json.readValue(records.get(0).value(), LinkedHashMap.class)).containsExactly(
                Map.entry("id", "1"), Map.entry("name", "ann"), Map.entry("note", "a, b"));
        assertThat(json.readValue(records.get(1).value(), LinkedHashMap.class)).containsEntry("note", "x\ny");
        assertThat(json.readValue(records.get(2).value(), LinkedHashMap.class)).containsEntry("name", "zoë")
                .containsEntry("note", "q \"r\"");
        assertThat(records).extracting(Topic.Rec::key).containsExactly("ann", "bob", "zoë");
        assertThat(records.get(1).headers()).containsKeys("csv.row", "csv.offset", "csv.source", "csv.version")
                .containsEntry("csv.offset", "28");
    }

    @Test
    void missingTopicIsAConfigurationErrorNamingTheFix() throws Exception {
        Path file = CsvData.generate(10, 2).write(dir, "f.csv");
        Processor.Result result = Processor.run(dir, env(), 60, "run", "--source", file.toString(), "--topic",
                "no-such-topic", "--job-id", "nt", "--bootstrap-servers", SharedStack.bootstrap());
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.events().failure()).as(result.output()).contains("topic no-such-topic does not exist")
                .contains("--create-topic");
        assertThat(result.events().first("failed").orElseThrow().path("configuration").asBoolean()).isTrue();
    }

    @Test
    void createTopicCreatesIt() throws Exception {
        Path file = CsvData.generate(10, 3).write(dir, "f.csv");
        Processor.Result result = Processor.run(dir, env(), 60, "run", "--source", file.toString(), "--topic",
                "created-by-run", "--job-id", "ct", "--create-topic", "--bootstrap-servers", SharedStack.bootstrap());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Topic.readCommitted("created-by-run", 0)).hasSize(10);
    }

    @Test
    void unreachableBrokerIsAClearError() throws Exception {
        Path file = CsvData.generate(10, 4).write(dir, "f.csv");
        Processor.Result result = Processor.run(dir, env(), 60, "run", "--source", file.toString(), "--topic", "t",
                "--job-id", "ub", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.events().failure()).as(result.output()).contains("cannot reach Kafka at 127.0.0.1:1");
    }

    @Test
    void missingS3KeyIsAConfigurationError() throws Exception {
        SharedStack.get().s3().createBucket("e2e-missing");
        Processor.Result result = Processor.run(dir, env(), 60, "run", "--source", "s3://e2e-missing/nope.csv",
                "--topic", "t", "--job-id", "mk", "--bootstrap-servers", SharedStack.bootstrap(),
                "--s3-endpoint", env().get("S3_ENDPOINT"));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.events().failure()).as(result.output()).contains("s3://e2e-missing/nope.csv does not exist");
    }

    @Test
    void missingCheckpointTableIsAnErrorUnlessAskedToCreateIt() throws Exception {
        Path file = CsvData.generate(10, 5).write(dir, "f.csv");
        SharedStack.get().kafka().createTopic("table-check", 1);
        Processor.Result result = Processor.run(dir, env(), 60, "run", "--source", file.toString(), "--topic",
                "table-check", "--job-id", "tc", "--bootstrap-servers", SharedStack.bootstrap(),
                "--checkpoint-table", "no-such-table", "--dynamodb-endpoint", env().get("DYNAMODB_ENDPOINT"));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.events().failure()).as(result.output()).contains("checkpoint table no-such-table does not exist")
                .contains("--create-table");
    }
}
