package com.csvtokafka.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.infra.Cfn;
import com.csvtokafka.infra.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class FargateStackTest {

    private static Template sandbox;
    private static Template external;
    private static Stack externalStack;

    @BeforeAll
    static void synth() {
        sandbox = Template.fromStack(TestApps.defaults().fargate());
        externalStack = TestApps.build(ExternalContext.CONTEXT).fargate();
        external = Template.fromStack(externalStack);
    }

    @Test
    void taskStopsCleanlyWithin120SecondsAndLogsToTheSharedGroup() {
        sandbox.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of(
                "Cpu", "2048",
                "Memory", "4096",
                "RequiresCompatibilities", List.of("FARGATE"),
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Name", "processor",
                        "StopTimeout", 120,
                        "Essential", true,
                        "LogConfiguration", Map.of(
                                "LogDriver", "awslogs",
                                "Options", Match.objectLike(Map.of(
                                        "awslogs-stream-prefix", "fargate",
                                        "awslogs-group", Map.of("Fn::ImportValue",
                                                Match.stringLikeRegexp("CheckpointStack:.*Jobs.*"))))))))));
    }

    @Test
    void sandboxEnvironmentLeavesPerJobValuesToTheRunCommand() {
        Map<String, Object> env = environment(sandbox);
        assertThat(env).containsEntry("KAFKA_AUTH", "iam").containsEntry("CREATE_TOPIC", "true")
                .containsEntry("METRICS", "emf").containsEntry("LEASE_WAIT_SECONDS", "90")
                .containsKeys("KAFKA_BOOTSTRAP_SERVERS", "CHECKPOINT_TABLE", "AWS_REGION")
                .doesNotContainKeys("JOB_ID", "KAFKA_TOPIC", "SOURCE_URI");
    }

    @Test
    void exactJobIsConfiguredInTheContainer() {
        Map<String, Object> env = environment(external);
        assertThat(env).containsEntry("SOURCE_URI", "s3://data-bucket/exports/orders.csv")
                .containsEntry("KAFKA_TOPIC", "orders")
                .containsEntry("JOB_ID", "orders-2024")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", ExternalContext.BOOTSTRAP)
                .containsEntry("KAFKA_AUTH", "iam")
                .containsEntry("CREATE_TOPIC", "false")
                .containsEntry("ON_BAD_ROW", "dlq:orders-dlq")
                .containsEntry("FORMAT", "csv");
    }

    @Test
    void taskRoleIsLeastPrivilege() {
        ProcessorRoleAssertions.assertLeastPrivilegeOnSandbox(sandbox, "TaskRole");
    }

    @Test
    void executionRoleHasNoWildcardButTheTokenThatPullingNeeds() {
        ProcessorRoleAssertions.assertOnlyWildcardIsEcrAuthorization(sandbox, "TaskExecutionRole");
    }

    @Test
    void containerInsightsShowWhatTasksUse() {
        sandbox.hasResourceProperties("AWS::ECS::Cluster", Map.of("ClusterSettings",
                List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
    }

    @Test
    void iamResourcesAreTheExactArnsOfAGivenClusterTopicAndJob() {
        Map<String, Map<String, Object>> statements = Cfn.statementsOfRole(external, "TaskRole");
        String prefix = "arn:aws:kafka:eu-west-1:123456789012:";
        assertThat(Cfn.resource(statements.get("KafkaCluster"))).isEqualTo(ExternalContext.CLUSTER_ARN);
        assertThat(Cfn.resource(statements.get("KafkaTopic")))
                .isEqualTo(prefix + "topic/" + ExternalContext.CLUSTER_PATH + "/orders");
        assertThat(Cfn.actions(statements.get("KafkaTopic"))).doesNotContain("kafka-cluster:CreateTopic");
        assertThat(Cfn.resource(statements.get("KafkaDeadLetterTopic")))
                .isEqualTo(prefix + "topic/" + ExternalContext.CLUSTER_PATH + "/orders-dlq");
        assertThat(Cfn.actions(statements.get("KafkaDeadLetterTopic")))
                .containsExactlyInAnyOrder("kafka-cluster:DescribeTopic",
                        "kafka-cluster:DescribeTopicDynamicConfiguration", "kafka-cluster:WriteData");
        // the job's own and its keyed lanes' (no shards: -c shards is not given)
        assertThat(Cfn.resources(statements.get("KafkaTransactionalId"))).containsExactlyInAnyOrder(
                prefix + "transactional-id/" + ExternalContext.CLUSTER_PATH + "/csv-to-kafka-orders-2024",
                prefix + "transactional-id/" + ExternalContext.CLUSTER_PATH + "/csv-to-kafka-orders-2024/lane-?",
                prefix + "transactional-id/" + ExternalContext.CLUSTER_PATH + "/csv-to-kafka-orders-2024/lane-??");
        assertThat(Cfn.resource(statements.get("ReadSource")))
                .isEqualTo("arn:${{Ref=AWS::Partition}}:s3:::data-bucket/exports/orders.csv");
    }

    @Test
    void securityGroupHasNoIngressAndEgressOnlyToHttpsAndKafka() {
        Map<String, Object> group = Cfn.onlyProperties(sandbox, "AWS::EC2::SecurityGroup");
        assertThat(group).doesNotContainKey("SecurityGroupIngress");
        List<?> egress = (List<?>) group.get("SecurityGroupEgress");
        assertThat(egress).hasSize(2);
        assertThat(egress.toString()).contains("FromPort=443", "FromPort=9098", "CidrIp=10.0.0.0/16");
        sandbox.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
    }

    @Test
    void kafkaEgressOfAGivenClusterGoesToKafkaCidrOnlyNeverTheWorld() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> egress = (List<Map<String, Object>>) Cfn.onlyProperties(external,
                "AWS::EC2::SecurityGroup").get("SecurityGroupEgress");
        assertThat(egress).filteredOn(rule -> !Integer.valueOf(443).equals(rule.get("FromPort")))
                .isNotEmpty()
                .allSatisfy(rule -> assertThat(rule.get("CidrIp")).isEqualTo("10.0.0.0/16"));
    }

    @Test
    void runTaskCommandStartsTheJobInTheRightNetwork() {
        String command = Cfn.output(sandbox, "RunTaskCommand");
        assertThat(command).startsWith("aws ecs run-task --region ")
                .contains("--launch-type FARGATE", "--count 1", "assignPublicIp=ENABLED", "securityGroups=[",
                        "\"name\":\"processor\"", "{\"name\":\"JOB_ID\",\"value\":\"demo\"}",
                        "{\"name\":\"KAFKA_TOPIC\",\"value\":\"csv-to-kafka-demo\"}",
                        // the configured source: the sandbox's prefix, which the job moves whole
                        "/input/\"}")
                .doesNotContain("demo.csv");
        assertThat(Cfn.output(sandbox, "LogsCommand")).contains("aws logs tail", "--log-stream-name-prefix fargate/");
    }

    @Test
    void fargateSpotIsAChoiceOfTheRunCommand() {
        assertThat(Cfn.output(external, "RunTaskCommand"))
                .contains("--capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1",
                        "subnets=[subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2]", "assignPublicIp=DISABLED",
                        "{\"name\":\"JOB_ID\",\"value\":\"orders-2024\"}")
                .doesNotContain("--launch-type");
        external.hasResourceProperties("AWS::ECS::ClusterCapacityProviderAssociations", Map.of(
                "CapacityProviders", Match.arrayWith(List.of("FARGATE", "FARGATE_SPOT"))));
    }

    @Test
    void givenVpcAndClusterNeedNothingFromTheSandbox() {
        assertThat(externalStack.getDependencies()).extracting(Stack::getStackName)
                .containsExactly("CheckpointStack");
        external.resourceCountIs("Custom::AWS", 0);
        Map<String, Object> group = Cfn.onlyProperties(external, "AWS::EC2::SecurityGroup");
        assertThat(group).containsEntry("VpcId", "vpc-0123456789abcdef0");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> environment(Template template) {
        Map<String, Object> task = Cfn.onlyProperties(template, "AWS::ECS::TaskDefinition");
        Map<String, Object> container = ((List<Map<String, Object>>) task.get("ContainerDefinitions")).get(0);
        return ((List<Map<String, Object>>) container.get("Environment")).stream()
                .collect(java.util.stream.Collectors.toMap(e -> (String) e.get("Name"), e -> e.get("Value")));
    }
}
