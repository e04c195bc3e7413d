package com.csvtokafka.it.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.it.Processor;
import com.csvtokafka.it.SharedStack;
import com.csvtokafka.localstack.LocalKafka;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Real runs of a job of one context, with the names the deployment gives it: the objects are put where its source
 * points (a prefix of gzip parts and a manifest, or the one object), the checkpoint table and topics get the
 * context's names, and the processor (the real jar, its own JVM) runs as the stacks run it — every run a context's
 * jobs can do: a prefix, a manifest, a single file, each shard pattern of a sharded job, a bad row into the
 * dead-letter topic, a keyed job in two lanes (unsharded contexts), status and reset. Returns every AWS call the runs made, as recorded.
 */
final class JobRuns {
    private static final String HEADER = "id,name,amount\n";

    private final JobUnderTest job;
    private final LocalKafka kafka;
    private final Path authorizationLog;
    private final Path dir;
    private final MskActions msk;
    private final List<AwsCall> calls = new ArrayList<>();
    private final List<String> runs = new ArrayList<>();

    JobRuns(JobUnderTest job, LocalKafka kafka, Path authorizationLog, Path dir) {
        this.job = job;
        this.kafka = kafka;
        this.authorizationLog = authorizationLog;
        this.dir = dir;
        this.msk = job.mskClusterArn().map(MskActions::new).orElse(null);
    }

    /** The runs done, by name, for the report. */
    List<String> runs() {
        return runs;
    }

    List<AwsCall> runAll() throws Exception {
        prepareSource();
        createTable();
        String s3 = "s3://" + job.bucket() + "/";
        if (job.shards() == 1) {
            // keyed lanes write with transactional ids of their own (<job>/lane-<k>); shards refuse --lanes;
            transfer("keyed, 2 lanes", false, "--source", s3 + job.key() + (job.prefix() ? "part-0.csv.gz" : ""),
                    "--partitions", "0-1", "--key", "column:id", "--lanes", "2");
        }
        if (job.prefix()) {
            // the prefix last: reset then deletes the input set it pinned
            transfer("single file", false, "--source", s3 + job.key() + "part-1.csv.gz");
            transfer("manifest", false, "--manifest", job.manifest().uri());
            transfer("prefix", true, "--source", s3 + job.key(), "--include", "*.csv.gz");
            status();
        } else {
            transfer("single file", true, "--source", s3 + job.key());
            status();
        }
        process("reset", List.of("reset", "--job-id", job.jobId(), "--yes"));
        return calls;
    }

    /**
     * One job from a clean slate; of a sharded job its first shard and, with {@code everyShardPattern}, its last
     * (a one- and a two-digit index: their transactional ids match different patterns).
     */
    private void transfer(String name, boolean everyShardPattern, String... source) throws Exception {
        clearCheckpointsAndTopics();
        String first = "0/" + job.shards();
        String last = (job.shards() - 1) + "/" + job.shards();
        List<String> shards = job.shards() == 1 ? List.of("") : everyShardPattern ? List.of(first, last)
                : List.of(first);
        for (String shard : shards) {
            List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--transaction-rows", "20"));
            args.addAll(List.of(source));
            if (!shard.isEmpty()) {
                args.addAll(List.of("--shard", shard));
            }
            process(name + (shard.isEmpty() ? "" : " --shard " + shard), args);
        }
    }

    /** Status as the job's page shows it: of a sharded job, shard 0 alone (the table of all shards reads no Kafka). */
    private void status() throws Exception {
        String jobId = job.shards() > 1 ? job.jobId() + ".0" : job.jobId();
        process("status", List.of("status", "--job-id", jobId, "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", job.topic()));
    }

    private void process(String name, List<String> args) throws Exception {
        Path callLog = dir.resolve("calls-" + runs.size() + ".jsonl");
        Map<String, String> env = new HashMap<>(SharedStack.environment());
        env.putAll(job.options());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_TOPIC", job.topic());
        env.put("JOB_ID", job.jobId());
        env.put("CHECKPOINT_TABLE", job.table());
        env.put("AWS_REGION", CfnResolver.REGION);
        env.put("AWS_ACCOUNT_ID", CfnResolver.ACCOUNT);
        env.put("AWS_CALL_LOG", callLog.toString());
        long mark = RecordedCalls.mark(authorizationLog);
        Processor.Result result = Processor.run(dir, env, 180, args.toArray(String[]::new));
        assertThat(result.exitCode()).as("%s: %s of %s\n%s", job.context(), name, args, result.output()).isZero();
        String run = job.context() + " / " + name;
        runs.add(name);
        calls.addAll(RecordedCalls.awsCallLog(callLog, run));
        if (msk != null) {
            calls.addAll(RecordedCalls.kafkaAuthorizations(authorizationLog, mark, msk, run));
        }
    }

    /** Two gzip parts (the second with a bad row when the context sends bad rows to a dead-letter topic) and a manifest. */
    private void prepareSource() throws IOException {
        SharedStack.get().s3().createBucket(job.bucket());
        try (S3Client s3 = SharedStack.get().s3().newClient()) {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(job.bucket())).contents()) {
                s3.deleteObject(b -> b.bucket(job.bucket()).key(o.key()));
            }
        }
        boolean badRow = job.dlq().isPresent();
        if (!job.prefix()) {
            SharedStack.get().s3().putObject(job.bucket(), job.key(), csv("single.csv", 0, badRow, false));
            return;
        }
        List<String> manifest = new ArrayList<>();
        for (int part = 0; part < 2; part++) {
            String key = job.key() + "part-" + part + ".csv.gz";
            SharedStack.get().s3().putObject(job.bucket(), key, csv("part-" + part, part * 100, badRow && part == 1,
                    true));
            manifest.add("s3://" + job.bucket() + "/" + key);
        }
        Path list = dir.resolve("manifest.txt");
        Files.writeString(list, String.join("\n", manifest) + "\n");
        SharedStack.get().s3().createBucket(job.manifest().bucket());
        SharedStack.get().s3().putObject(job.manifest().bucket(), job.manifest().key(), list);
    }

    private Path csv(String name, int first, boolean badRow, boolean gzip) throws IOException {
        StringBuilder rows = new StringBuilder(HEADER);
        for (int i = first; i < first + 60; i++) {
            rows.append(i).append(",name ").append(i).append(',').append(i * 3).append('\n');
            if (badRow && i == first + 30) {
                rows.append("not,enough\n");
            }
        }
        Path file = dir.resolve(name + (gzip ? ".csv.gz" : ".csv"));
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(rows.toString().getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private void createTable() {
        try (DynamoDbClient dynamo = SharedStack.get().dynamoDb().newClient()) {
            dynamo.createTable(b -> b.tableName(job.table()).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("job_id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("job_id").attributeType(ScalarAttributeType.S)));
        } catch (ResourceInUseException exists) {
            // a context before this one uses the same table name
        }
    }

    /** Each run is a job of its own: no checkpoint and no records of an earlier run (outside the recording). */
    private void clearCheckpointsAndTopics() throws Exception {
        try (DynamoDbClient dynamo = SharedStack.get().dynamoDb().newClient()) {
            dynamo.scanPaginator(b -> b.tableName(job.table())).items().forEach(item -> dynamo.deleteItem(b ->
                    b.tableName(job.table()).key(Map.of("job_id", AttributeValue.fromS(item.get("job_id").s())))));
        }
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            List<String> topics = new ArrayList<>(List.of(job.topic()));
            job.dlq().ifPresent(topics::add);
            List<String> existing = admin.listTopics().names().get().stream().filter(topics::contains).toList();
            admin.deleteTopics(existing).all().get();
            for (String topic : topics) {
                int partitions = topic.equals(job.topic()) ? job.topicPartitions() : 1;
                createWhenDeleted(admin, new NewTopic(topic, partitions, (short) 1));
            }
        }
    }

    private static void createWhenDeleted(Admin admin, NewTopic topic) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                admin.createTopics(List.of(topic)).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200); // the deletion of the earlier run's topic is still going on
            }
        }
    }
}
