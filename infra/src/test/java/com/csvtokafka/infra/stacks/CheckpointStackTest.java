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

class CheckpointStackTest {

    private static Template template;
    private static Template customRetention;

    @BeforeAll
    static void synth() {
        template = Template.fromStack(TestApps.defaults().checkpoint());
        customRetention = Template.fromStack(TestApps.build(Map.of("logRetentionDays", "30")).checkpoint());
    }

    @Test
    void tableIsKeyedByJobIdOnDemandWithPointInTimeRecovery() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "job_id", "KeyType", "HASH")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", "job_id", "AttributeType", "S")),
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "DeletionProtectionEnabled", true));
    }

    @Test
    void gatewayEndpointsForS3AndDynamoDbOnlyWhenAskedFor() {
        template.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
        Map<String, String> context = new java.util.HashMap<>(ExternalContext.CONTEXT);
        context.put("gatewayEndpoints", "true");
        context.put("routeTableIds", "rtb-0aaaaaaaaaaaaaaa1,rtb-0bbbbbbbbbbbbbbb2");
        Template withEndpoints = Template.fromStack(TestApps.build(context).checkpoint());
        withEndpoints.resourceCountIs("AWS::EC2::VPCEndpoint", 2);
        for (String service : List.of("s3", "dynamodb")) {
            withEndpoints.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                    "VpcId", "vpc-0123456789abcdef0",
                    "VpcEndpointType", "Gateway",
                    "RouteTableIds", List.of("rtb-0aaaaaaaaaaaaaaa1", "rtb-0bbbbbbbbbbbbbbb2"),
                    "ServiceName", Map.of("Fn::Join", List.of("", List.of("com.amazonaws.",
                            Map.of("Ref", "AWS::Region"), "." + service)))));
        }
    }

    @Test
    void tableOutlivesTheStack() {
        template.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain"));
    }

    @Test
    void logGroupKeepsAWeekByDefaultAndWhatContextSays() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/csv-to-kafka/jobs", "RetentionInDays", 7));
        customRetention.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void oneTableOneLogGroupAndNoRoles() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.resourceCountIs("AWS::Logs::LogGroup", 1);
        template.resourceCountIs("AWS::IAM::Role", 0);
    }

    @Test
    void outputsTableAndLogGroupNames() {
        assertThat(Cfn.output(template, "CheckpointTableName")).contains("Ref");
        assertThat(Cfn.output(template, "LogGroupName")).contains("Ref");
        template.hasOutput("CheckpointTableName", Map.of("Value", Map.of("Ref", Match.stringLikeRegexp("Checkpoints.*"))));
    }
}
