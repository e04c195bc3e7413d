package com.csvtokafka.infra.constructs;

import com.csvtokafka.infra.Naming;
import com.csvtokafka.infra.config.KafkaAuth;
import com.csvtokafka.infra.config.S3Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;

/**
 * The processor's own permissions, least privilege: read the source object (or list and read the prefix), read the
 * manifests, use its own items of the checkpoint table (by leading key), and the MSK IAM actions of a transactional
 * producer plus a read_committed tail read, each scoped to the cluster, topic and transactional-id ARNs (the job's,
 * its keyed lanes' and, with shards, its shards'). A Kafka source on MSK instead of S3: connect to the source cluster
 * and read the one source topic. Every compute option grants exactly this to the role the process runs as.
 */
public final class ProcessorPermissions {

    /**
     * HeadObject (pinning size, ETag, versionId) needs GetObject; a ranged GetObject pinned to a versionId needs
     * GetObjectVersion as well; a manifest is read with GetObject.
     */
    static final List<String> SOURCE_ACTIONS = List.of("s3:GetObject", "s3:GetObjectVersion");
    /** A prefix job pins its input set with ListObjectsV2 (prefix = its --source key), which is s3:ListBucket. */
    static final List<String> LIST_ACTIONS = List.of("s3:ListBucket");
    /**
     * The item calls of checkpoint/DynamoDbCheckpointStore: lease (conditional UpdateItem), checkpoint (conditional
     * PutItem), input set chunks (PutItem, GetItem), reset (DeleteItem). No Query or Scan; CreateTable only with
     * --create-table, which a deployed table makes needless.
     */
    static final List<String> CHECKPOINT_ITEM_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    /** The check at start that the table exists; it names no item, so it carries no leading key to condition on. */
    static final List<String> CHECKPOINT_TABLE_ACTIONS = List.of("dynamodb:DescribeTable");
    /** Connect, plus idempotent writes (a cluster-level permission in MSK IAM). */
    static final List<String> CLUSTER_ACTIONS = List.of("kafka-cluster:Connect",
            "kafka-cluster:WriteDataIdempotently");
    /** Write rows; read the partition's committed tail (assign(), no consumer group); describe for checks. */
    static final List<String> TOPIC_ACTIONS = List.of("kafka-cluster:DescribeTopic",
            "kafka-cluster:DescribeTopicDynamicConfiguration", "kafka-cluster:ReadData", "kafka-cluster:WriteData");
    /** Write dead letters; describe it and read its max.message.bytes (Topics reads it for the DLQ as for the topic). */
    static final List<String> DLQ_ACTIONS = List.of("kafka-cluster:DescribeTopic",
            "kafka-cluster:DescribeTopicDynamicConfiguration", "kafka-cluster:WriteData");
    /** Every connection to the source cluster authenticates with Connect; the copy writes nothing there. */
    static final List<String> SOURCE_CLUSTER_ACTIONS = List.of("kafka-cluster:Connect");
    /**
     * Metadata and ListOffsets (partitions, log start and end offsets) are DescribeTopic, Fetch is ReadData. No group
     * actions: partitions are assign()ed and the position lives in the target's anchors, not in a consumer group.
     */
    static final List<String> SOURCE_TOPIC_ACTIONS = List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData");
    static final List<String> TRANSACTION_ACTIONS = List.of("kafka-cluster:DescribeTransactionalId",
            "kafka-cluster:AlterTransactionalId");

    private ProcessorPermissions() {
    }

    /**
     * Attaches the statements to {@code role} as a policy of their own, so that the one cdk-nag finding they may
     * carry by design (a prefix given in context ends its resources in *) is suppressed on them alone.
     */
    public static void grant(Role role, JobTarget target, ITable table) {
        Policy policy = Policy.Builder.create(role, "ProcessorPolicy")
                .statements(statements(Stack.of(target).getPartition(), target, table))
                .roles(List.of(role))
                .build();
        // A prefix in context ends its ARN in *: exactly those findings are meant, matched by the ARN's end.
        List<String> prefixes = new ArrayList<>();
        target.source().filter(S3Source::isPrefix).ifPresent(source -> prefixes.add("/" + source.keyPattern()));
        target.job().manifest().filter(S3Source::isPrefix).ifPresent(manifests -> prefixes.add(
                "/" + manifests.keyPattern()));
        if (target.auth() == KafkaAuth.IAM && target.topic().isPrefix()) {
            prefixes.add("/" + target.topic().value());
        }
        if (target.auth() == KafkaAuth.IAM && target.jobId().isPrefix()) {
            prefixes.add("/" + Naming.transactionalId(target.jobId().value()));
        }
        if (!prefixes.isEmpty()) {
            Nag.suppressFindingsMatching(policy, "AwsSolutions-IAM5",
                    prefixes.stream().map(end -> "^Resource::.*" + Nag.literal(end) + "$").toList(),
                    "Prefixes given in context (sourceUri, manifestUri, topic, jobId ending in / or *) let one "
                            + "deployment run many jobs, each started with its exact source, topic and job id: "
                            + prefixes);
        }
    }

    static List<PolicyStatement> statements(String partition, JobTarget target, ITable table) {
        List<PolicyStatement> statements = new ArrayList<>();
        target.source().ifPresent(source -> statements.addAll(s3Source(partition, source)));
        target.kafkaSource().ifPresent(source -> source.mskClusterArn().map(MskArns::new).ifPresent(msk -> {
            statements.add(statement("KafkaSourceCluster", SOURCE_CLUSTER_ACTIONS, msk.clusterArn()));
            statements.add(statement("KafkaSourceTopic", SOURCE_TOPIC_ACTIONS, msk.topic(source.topic())));
        }));
        target.job().sourceKmsKeyArn().ifPresent(key ->
                statements.add(statement("DecryptSource", List.of("kms:Decrypt"), key)));
        target.job().manifest().ifPresent(manifest -> statements.add(statement("ReadManifest",
                List.of("s3:GetObject"), "arn:" + partition + ":s3:::" + manifest.bucket() + "/"
                        + manifest.keyPattern())));
        // ForAllValues: every key a request names must be one of the job's (an item call names exactly one).
        statements.add(PolicyStatement.Builder.create().sid("Checkpoints").actions(CHECKPOINT_ITEM_ACTIONS)
                .resources(List.of(table.getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys",
                        Naming.checkpointKeyPatterns(target.jobId().value(), target.job().shards()))))
                .build());
        statements.add(statement("CheckpointTable", CHECKPOINT_TABLE_ACTIONS, table.getTableArn()));

        if (target.auth() == KafkaAuth.IAM) {
            MskArns msk = target.msk().orElseThrow();
            statements.add(statement("KafkaCluster", CLUSTER_ACTIONS, msk.clusterArn()));
            statements.add(statement("KafkaTopic", withCreate(TOPIC_ACTIONS, target),
                    msk.topic(target.topic().value())));
            target.job().dlqTopic().ifPresent(dlq ->
                    statements.add(statement("KafkaDeadLetterTopic", withCreate(DLQ_ACTIONS, target), msk.topic(dlq))));
            statements.add(PolicyStatement.Builder.create().sid("KafkaTransactionalId").actions(TRANSACTION_ACTIONS)
                    .resources(msk.transactionalIdsForJob(target.jobId().value(), target.job().shards(),
                            target.job().maxLanes()))
                    .build());
        }
        return statements;
    }

    private static List<PolicyStatement> s3Source(String partition, S3Source source) {
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(statement("ReadSource", SOURCE_ACTIONS,
                "arn:" + partition + ":s3:::" + source.bucket() + "/" + source.keyPattern()));
        if (source.isPrefix()) {
            // Without it every prefix job fails pinning its inputs (HTTP 403 on ListObjectsV2); the condition keeps
            // the listing to the deployment's prefix and below, not the whole bucket.
            statements.add(PolicyStatement.Builder.create().sid("ListSource").actions(LIST_ACTIONS)
                    .resources(List.of("arn:" + partition + ":s3:::" + source.bucket()))
                    .conditions(Map.of("StringLike", Map.of("s3:prefix", source.listPrefixPatterns())))
                    .build());
        }
        return statements;
    }

    private static List<String> withCreate(List<String> actions, JobTarget target) {
        if (!target.createTopic()) {
            return actions;
        }
        List<String> all = new ArrayList<>(actions);
        all.add("kafka-cluster:CreateTopic");
        return all;
    }

    private static PolicyStatement statement(String sid, List<String> actions, String resource) {
        return PolicyStatement.Builder.create().sid(sid).actions(actions).resources(List.of(resource)).build();
    }
}
