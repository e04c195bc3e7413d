package com.csvtokafka.infra.stacks;

import com.csvtokafka.infra.config.Deployment;
import com.csvtokafka.infra.config.KafkaAuth;
import com.csvtokafka.infra.constructs.LogGroups;
import com.csvtokafka.infra.constructs.MskBootstrapBrokers;
import com.csvtokafka.infra.constructs.Nag;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.msk.CfnServerlessCluster;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * What the integration tests (and a first try-out) need in AWS: a small VPC, an MSK Serverless cluster with IAM
 * auth, and a bucket for CSV files. It is also what the compute stacks use when no VPC/cluster/source is given.
 *
 * <p>Cost: no NAT gateway (jobs run in public subnets with an egress-only security group; S3 and DynamoDB go
 * through free gateway endpoints). MSK Serverless is billed per cluster-hour while deployed: destroy the sandbox
 * when done.
 */
public final class SandboxStack extends Stack {

    /** The sandbox VPC's address range: the Kafka security group admits it (a literal, not a deploy-time token). */
    public static final String VPC_CIDR = "10.0.0.0/16";

    private final Vpc vpc;
    private final Bucket bucket;
    private final String clusterArn;
    private final String bootstrapServers;

    public SandboxStack(Construct scope, String id, StackProps props, Deployment deployment, int logRetentionDays) {
        super(scope, id, props);

        LogGroup flowLogs = LogGroups.create(this, "RejectedTraffic", null, logRetentionDays);
        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(VPC_CIDR))
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("jobs").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("kafka").subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(24).build()))
                .gatewayEndpoints(Map.of(
                        "S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build(),
                        "DynamoDb", GatewayVpcEndpointOptions.builder()
                                .service(GatewayVpcEndpointAwsService.DYNAMODB).build()))
                // Rejected connections only (a job that cannot reach Kafka shows here); accepted traffic would cost
                // more than a sandbox is worth.
                .flowLogs(Map.of("Rejected", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                        .trafficType(FlowLogTrafficType.REJECT)
                        .build()))
                .build();

        SecurityGroup kafkaSecurityGroup = SecurityGroup.Builder.create(this, "KafkaSecurityGroup")
                .vpc(vpc)
                .description("MSK Serverless: Kafka (IAM auth) from inside the sandbox VPC only")
                .allowAllOutbound(false)
                .build();
        kafkaSecurityGroup.addIngressRule(Peer.ipv4(VPC_CIDR), Port.tcp(KafkaAuth.IAM.mskPort()),
                "Kafka clients in the sandbox VPC");

        CfnServerlessCluster cluster = CfnServerlessCluster.Builder.create(this, "Kafka")
                .clusterName(deployment.name("sandbox"))
                .clientAuthentication(CfnServerlessCluster.ClientAuthenticationProperty.builder()
                        .sasl(CfnServerlessCluster.SaslProperty.builder()
                                .iam(CfnServerlessCluster.IamProperty.builder().enabled(true).build())
                                .build())
                        .build())
                .vpcConfigs(List.of(CfnServerlessCluster.VpcConfigProperty.builder()
                        .subnetIds(vpc.selectSubnets(SubnetSelection.builder()
                                .subnetType(SubnetType.PRIVATE_ISOLATED).build()).getSubnetIds())
                        .securityGroups(List.of(kafkaSecurityGroup.getSecurityGroupId()))
                        .build()))
                .build();
        clusterArn = cluster.getAttrArn();
        bootstrapServers = new MskBootstrapBrokers(this, "BootstrapBrokers", clusterArn, KafkaAuth.IAM,
                logRetentionDays).brokers();

        bucket = Bucket.Builder.create(this, "Bucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .autoDeleteObjects(true)
                .build();
        Nag.suppress(bucket, "AwsSolutions-S1",
                "The sandbox's bucket holds generated test CSVs, is emptied and deleted with the stack, and is read "
                        + "only by the sandbox's jobs; an access-log bucket would outlive it for no reader");

        CfnOutput.Builder.create(this, "VpcId").value(vpc.getVpcId()).build();
        CfnOutput.Builder.create(this, "BucketName").value(bucket.getBucketName()).build();
        CfnOutput.Builder.create(this, "MskClusterArn").value(clusterArn).build();
        CfnOutput.Builder.create(this, "KafkaBootstrapServers").value(bootstrapServers).build();
    }

    public IVpc vpc() {
        return vpc;
    }

    /** The public subnets the sandbox's jobs run in (egress only: their security groups allow no ingress). */
    public SubnetSelection jobSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build();
    }

    public IBucket bucket() {
        return bucket;
    }

    public String clusterArn() {
        return clusterArn;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }
}
