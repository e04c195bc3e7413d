package com.csvtokafka.infra.constructs;

import com.csvtokafka.infra.config.KafkaAuth;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Reads an MSK cluster's bootstrap broker string at deploy time (kafka:GetBootstrapBrokers). CloudFormation has
 * no attribute for it, and reading it at synth would be a lookup that needs credentials.
 */
public final class MskBootstrapBrokers extends Construct {

    private final String brokers;

    public MskBootstrapBrokers(Construct scope, String id, String clusterArn, KafkaAuth auth, int logRetentionDays) {
        super(scope, id);
        String field = switch (auth) {
            case IAM -> "BootstrapBrokerStringSaslIam";
            case SCRAM_SHA_512 -> "BootstrapBrokerStringSaslScram";
            case TLS -> "BootstrapBrokerStringTls";
            case NONE -> "BootstrapBrokerString";
        };
        AwsSdkCall call = AwsSdkCall.builder()
                .service("Kafka")
                .action("getBootstrapBrokers")
                .parameters(Map.of("ClusterArn", clusterArn))
                .physicalResourceId(PhysicalResourceId.of("bootstrap-brokers"))
                .outputPaths(List.of(field))
                .build();
        AwsCustomResource resource = AwsCustomResource.Builder.create(this, "Lookup")
                .onCreate(call)
                .onUpdate(call)
                .installLatestAwsSdk(false)
                // else CDK's default for the provider's logs: two years, and kept after the stack is deleted
                .logGroup(LogGroups.create(this, "LookupLogs", null, logRetentionDays))
                .policy(AwsCustomResourcePolicy.fromStatements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("kafka:GetBootstrapBrokers"))
                        .resources(List.of(clusterArn))
                        .build())))
                .build();
        this.brokers = resource.getResponseField(field);
        // The provider is CDK's singleton Lambda of the stack; its role carries AWS's basic execution policy.
        Nag.suppressFindings((IConstruct) resource.getGrantPrincipal(), "AwsSolutions-IAM4",
                List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"),
                "The role of CDK's AwsCustomResource Lambda that reads the bootstrap brokers at deploy time: AWS's "
                        + "basic execution policy only lets it write its own logs");
    }

    /** {@code host:port,host:port} (a deploy-time token). */
    public String brokers() {
        return brokers;
    }
}
