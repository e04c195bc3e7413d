package com.csvtokafka.infra.stacks;

import java.util.Map;

/** Context of a production-like deployment: an existing VPC and MSK cluster, one exact job. */
final class ExternalContext {

    static final String CLUSTER_ARN = "arn:aws:kafka:eu-west-1:123456789012:cluster/prod/0f1e2d3c-4b5a-6789-abcd-ef0123456789-3";
    static final String CLUSTER_PATH = "prod/0f1e2d3c-4b5a-6789-abcd-ef0123456789-3";
    static final String BOOTSTRAP = "b-1.prod.kafka.eu-west-1.amazonaws.com:9098,b-2.prod.kafka.eu-west-1.amazonaws.com:9098";

    static final Map<String, String> CONTEXT = Map.ofEntries(
            Map.entry("sourceUri", "s3://data-bucket/exports/orders.csv"),
            Map.entry("topic", "orders"),
            Map.entry("jobId", "orders-2024"),
            Map.entry("mskClusterArn", CLUSTER_ARN),
            Map.entry("kafkaBootstrapServers", BOOTSTRAP),
            Map.entry("vpcId", "vpc-0123456789abcdef0"),
            Map.entry("subnetIds", "subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2"),
            Map.entry("kafkaCidr", "10.0.0.0/16"),
            Map.entry("onBadRow", "dlq:orders-dlq"),
            Map.entry("format", "csv"),
            Map.entry("fargateSpot", "true"));

    private ExternalContext() {
    }
}
