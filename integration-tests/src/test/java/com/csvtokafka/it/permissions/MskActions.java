package com.csvtokafka.it.permissions;

import java.util.Map;
import java.util.Optional;

/**
 * Kafka's authorizations as MSK IAM access control checks them: AWS's table "Semantics of IAM authorization policy
 * actions and resources" (Amazon MSK Developer Guide) names, for each Kafka ACL operation on a resource type, the
 * {@code kafka-cluster:*} action and the resource ARN form ({@code cluster/NAME/UUID}, {@code topic/NAME/UUID/TOPIC},
 * {@code group/NAME/UUID/GROUP}, {@code transactional-id/NAME/UUID/ID}).
 * ClusterAction is the brokers' own (registration, heartbeats, transaction markers the coordinator writes): MSK's
 * IAM has no action for it and clients never need it, so it is left out, as is WriteTxnMarkers, which Kafka (since
 * KIP-1037) first authorizes as Alter on the cluster: the transaction coordinator sends it, broker to broker.
 */
final class MskActions {
    /** (operation, resource type) → action, from AWS's table. */
    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("DESCRIBE Cluster", "kafka-cluster:DescribeCluster"),
            Map.entry("ALTER Cluster", "kafka-cluster:AlterCluster"),
            Map.entry("DESCRIBE_CONFIGS Cluster", "kafka-cluster:DescribeClusterDynamicConfiguration"),
            Map.entry("ALTER_CONFIGS Cluster", "kafka-cluster:AlterClusterDynamicConfiguration"),
            Map.entry("IDEMPOTENT_WRITE Cluster", "kafka-cluster:WriteDataIdempotently"),
            Map.entry("CREATE Topic", "kafka-cluster:CreateTopic"),
            Map.entry("DESCRIBE Topic", "kafka-cluster:DescribeTopic"),
            Map.entry("ALTER Topic", "kafka-cluster:AlterTopic"),
            Map.entry("DELETE Topic", "kafka-cluster:DeleteTopic"),
            Map.entry("DESCRIBE_CONFIGS Topic", "kafka-cluster:DescribeTopicDynamicConfiguration"),
            Map.entry("ALTER_CONFIGS Topic", "kafka-cluster:AlterTopicDynamicConfiguration"),
            Map.entry("READ Topic", "kafka-cluster:ReadData"),
            Map.entry("WRITE Topic", "kafka-cluster:WriteData"),
            Map.entry("DESCRIBE Group", "kafka-cluster:DescribeGroup"),
            Map.entry("READ Group", "kafka-cluster:AlterGroup"),
            Map.entry("DELETE Group", "kafka-cluster:DeleteGroup"),
            Map.entry("DESCRIBE TransactionalId", "kafka-cluster:DescribeTransactionalId"),
            Map.entry("WRITE TransactionalId", "kafka-cluster:AlterTransactionalId"));
    private static final Map<String, String> ARN_TYPES = Map.of(
            "Topic", "topic", "Group", "group", "TransactionalId", "transactional-id");

    private final String clusterArn;
    private final String accountPrefix;
    private final String clusterPath;

    /** @param clusterArn {@code arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID} */
    MskActions(String clusterArn) {
        this.clusterArn = clusterArn;
        int cluster = clusterArn.indexOf(":cluster/");
        this.accountPrefix = clusterArn.substring(0, cluster);
        this.clusterPath = clusterArn.substring(cluster + ":cluster/".length());
    }

    AwsCall connect(String run) {
        return new AwsCall("kafka-cluster:Connect", clusterArn, Map.of(), run + ": every connection (MSK IAM)");
    }

    /** The MSK call behind one logged authorization; empty for the brokers' own ClusterAction. */
    Optional<AwsCall> call(String operation, String resourceType, String name, String request, String run) {
        if (operation.equals("CLUSTER_ACTION") || request.equals("WriteTxnMarkers")) {
            return Optional.empty();
        }
        String action = ACTIONS.get(operation + " " + resourceType);
        if (action == null) {
            throw new AssertionError(run + ": the broker authorized " + operation + " on " + resourceType + " " + name
                    + " (" + request + "), which has no MSK IAM action in " + MskActions.class.getSimpleName()
                    + ": add it from AWS's table");
        }
        String resource = resourceType.equals("Cluster") ? clusterArn
                : accountPrefix + ":" + ARN_TYPES.get(resourceType) + "/" + clusterPath + "/" + name;
        return Optional.of(new AwsCall(action, resource, Map.of(),
                run + ": Kafka " + request + " (" + operation + " " + resourceType + ", broker authorizer)"));
    }
}
