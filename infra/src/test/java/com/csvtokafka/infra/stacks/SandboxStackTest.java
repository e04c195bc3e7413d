package com.csvtokafka.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.infra.Cfn;
import com.csvtokafka.infra.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class SandboxStackTest {

    private static Template template;

    @BeforeAll
    static void synth() {
        template = Template.fromStack(TestApps.defaults().sandbox());
    }

    @Test
    void mskServerlessWithIamAuthInTheIsolatedSubnets() {
        template.hasResourceProperties("AWS::MSK::ServerlessCluster", Map.of(
                "ClusterName", "csv-to-kafka-sandbox",
                "ClientAuthentication", Map.of("Sasl", Map.of("Iam", Map.of("Enabled", true))),
                "VpcConfigs", List.of(Map.of("SubnetIds", List.of(
                        Map.of("Ref", Match.stringLikeRegexp("VpckafkaSubnet1.*")),
                        Map.of("Ref", Match.stringLikeRegexp("VpckafkaSubnet2.*")))))));
    }

    @Test
    void kafkaIsReachableOnlyOnTheIamPortFromTheVpc() {
        template.hasResourceProperties("AWS::EC2::VPC", Map.of("CidrBlock", "10.0.0.0/16"));
        template.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "SecurityGroupIngress", List.of(Map.of(
                        "IpProtocol", "tcp", "FromPort", 9098, "ToPort", 9098, "CidrIp", "10.0.0.0/16",
                        "Description", "Kafka clients in the sandbox VPC"))));
    }

    @Test
    void rejectedConnectionsAreLoggedForAWeek() {
        template.hasResourceProperties("AWS::EC2::FlowLog", Map.of(
                "ResourceType", "VPC", "TrafficType", "REJECT", "LogDestinationType", "cloud-watch-logs"));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 7));
    }

    @Test
    void noNatGatewayButFreeGatewayEndpointsForS3AndDynamoDb() {
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.resourceCountIs("AWS::EC2::VPCEndpoint", 2);
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway"));
    }

    @Test
    void bucketIsPrivateEncryptedAndTlsOnly() {
        template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))))));
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void bootstrapBrokersAreReadAtDeployTimeWithAScopedPolicy() {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of(
                "Statement", List.of(Map.of(
                        "Action", "kafka:GetBootstrapBrokers",
                        "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Kafka.*"), "Arn")))))));
    }

    @Test
    void outputsWhatTheIntegrationTestsRead() {
        for (String output : List.of("VpcId", "BucketName", "MskClusterArn", "KafkaBootstrapServers")) {
            assertThat(template.findOutputs(output)).as(output).isNotEmpty();
        }
        assertThat(Cfn.output(template, "KafkaBootstrapServers")).contains("BootstrapBrokerStringSaslIam");
    }
}
