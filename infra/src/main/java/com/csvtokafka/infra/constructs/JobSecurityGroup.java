package com.csvtokafka.infra.constructs;

import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.constructs.Construct;

/**
 * The jobs' security group: no ingress at all; egress only HTTPS (ECR, S3, DynamoDB, CloudWatch Logs, STS and,
 * on EC2, the package repository) and the Kafka listener ports towards the cluster and, for a Kafka source, towards
 * the source cluster's brokers.
 */
public final class JobSecurityGroup {

    private JobSecurityGroup() {
    }

    public static SecurityGroup create(Construct scope, String id, JobTarget target) {
        SecurityGroup group = SecurityGroup.Builder.create(scope, id)
                .vpc(target.vpc())
                .description("csv-to-kafka jobs: egress to AWS APIs (443) and Kafka only, no ingress")
                .allowAllOutbound(false)
                .build();
        group.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "AWS APIs over HTTPS");
        target.kafkaPorts().forEach(port -> group.addEgressRule(target.kafkaPeer(), Port.tcp(port), "Kafka brokers"));
        target.kafkaSource().ifPresent(source -> JobTarget.ports(source.bootstrapServers()).forEach(port ->
                group.addEgressRule(Peer.ipv4(source.clientCidr()), Port.tcp(port), "Source Kafka brokers")));
        return group;
    }
}
