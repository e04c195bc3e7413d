package com.csvtokafka.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.infra.Cfn;
import com.csvtokafka.infra.InfraApp;
import com.csvtokafka.infra.TestApps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * A copy from a Kafka topic (infra/contexts/kafka-follow.json): a following copy is an ECS service that never runs
 * two tasks of the job at once, a bounded one is the task the printed command starts; the roles may connect to the
 * source MSK cluster and read the one source topic, nothing more, and nothing of S3; the security group reaches the
 * source brokers on their port only.
 */
class KafkaSourceStackTest {

    static final String SOURCE_CLUSTER_ARN =
            "arn:aws:kafka:eu-west-1:123456789012:cluster/source/11112222-3333-4444-5555-666677778888-1";
    static final String SOURCE_TOPIC_ARN =
            "arn:aws:kafka:eu-west-1:123456789012:topic/source/11112222-3333-4444-5555-666677778888-1/orders";

    private static InfraApp.Stacks following;
    private static Template followingFargate;
    private static Template bounded;

    @BeforeAll
    static void synth() {
        following = TestApps.build(TestApps.context("kafka-follow"));
        followingFargate = Template.fromStack(following.fargate());
        Map<String, String> context = new HashMap<>(TestApps.context("kafka-follow"));
        context.remove("follow");
        context.put("fargateSpot", "true");
        bounded = Template.fromStack(TestApps.build(context).fargate());
    }

    @Test
    void aFollowingCopyIsOneServiceTaskThatIsReplacedAndNeverDoubled() {
        followingFargate.resourceCountIs("AWS::ECS::Service", 1);
        followingFargate.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "DesiredCount", 1,
                "DeploymentConfiguration", Map.of(
                        "MinimumHealthyPercent", 0,
                        "MaximumPercent", 100,
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true)),
                "CapacityProviderStrategy", List.of(Map.of("CapacityProvider", "FARGATE", "Weight", 1)),
                "NetworkConfiguration", Map.of("AwsvpcConfiguration", Match.objectLike(Map.of(
                        "AssignPublicIp", "DISABLED",
                        "Subnets", List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2")))))));
        String association = followingFargate.findResources("AWS::ECS::ClusterCapacityProviderAssociations")
                .keySet().iterator().next();
        followingFargate.hasResource("AWS::ECS::Service", Match.objectLike(Map.of(
                "DependsOn", Match.arrayWith(List.of(association)))));
        followingFargate.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions",
                List.of(Match.objectLike(Map.of("StopTimeout", 120)))));
        assertThat(Cfn.output(followingFargate, "ServiceName")).isNotEmpty();
        assertThat(followingFargate.findOutputs("RunTaskCommand")).isEmpty();
    }

    @Test
    void aFollowingCopyOnFargateSpotRunsItsServiceThere() {
        Map<String, String> context = new HashMap<>(TestApps.context("kafka-follow"));
        context.put("fargateSpot", "true");
        Template.fromStack(TestApps.build(context).fargate()).hasResourceProperties("AWS::ECS::Service",
                Match.objectLike(Map.of("CapacityProviderStrategy",
                        List.of(Map.of("CapacityProvider", "FARGATE_SPOT", "Weight", 1)))));
    }

    @Test
    void aFollowingCopyIsConfiguredInTheContainer() {
        assertThat(FargateStackTest.environment(followingFargate))
                .containsEntry("SOURCE_URI", "kafka://b-1.source.kafka.eu-west-1.amazonaws.com:9098,"
                        + "b-2.source.kafka.eu-west-1.amazonaws.com:9098/orders")
                .containsEntry("SOURCE_KAFKA_AUTH", "iam")
                .containsEntry("FOLLOW", "true")
                .containsEntry("KAFKA_TOPIC", "orders-copy")
                .containsEntry("JOB_ID", "orders-copy")
                .containsEntry("KAFKA_AUTH", "iam");
    }

    @Test
    void aBoundedCopyIsTheTaskThePrintedCommandStarts() {
        bounded.resourceCountIs("AWS::ECS::Service", 0);
        assertThat(FargateStackTest.environment(bounded)).containsEntry("SOURCE_KAFKA_AUTH", "iam")
                .doesNotContainKey("FOLLOW");
        assertThat(Cfn.output(bounded, "RunTaskCommand")).contains("aws ecs run-task",
                "--capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1",
                "{\"name\":\"SOURCE_URI\",\"value\":\"kafka://b-1.source.kafka.eu-west-1.amazonaws.com:9098,"
                        + "b-2.source.kafka.eu-west-1.amazonaws.com:9098/orders\"}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"batch, JobRole", "fargate, TaskRole", "ec2, InstanceRole"})
    void theRoleMayConnectToTheSourceClusterAndReadTheSourceTopicOnly(String compute, String role) {
        Map<String, Map<String, Object>> statements = Cfn.statementsOfRole(
                Template.fromStack(ComputeStacks.of(following, compute)), role);
        assertThat(Cfn.actions(statements.get("KafkaSourceCluster"))).containsExactly("kafka-cluster:Connect");
        assertThat(Cfn.resources(statements.get("KafkaSourceCluster"))).containsExactly(SOURCE_CLUSTER_ARN);
        assertThat(Cfn.actions(statements.get("KafkaSourceTopic")))
                .containsExactlyInAnyOrder("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData");
        assertThat(Cfn.resources(statements.get("KafkaSourceTopic"))).containsExactly(SOURCE_TOPIC_ARN);
        // no consumer group (partitions are assigned), no S3 source
        assertThat(statements.values()).flatMap(Cfn::actions)
                .noneMatch(action -> action.contains("Group"))
                .doesNotContain("s3:GetObjectVersion", "s3:ListBucket");
        assertThat(statements).doesNotContainKeys("ReadSource", "ListSource", "ReadManifest");
        assertThat(statements.values()).flatMap(Cfn::resources)
                .filteredOn(resource -> resource.contains("/source/"))
                .containsOnly(SOURCE_CLUSTER_ARN, SOURCE_TOPIC_ARN);
    }

    @Test
    void aSourceClusterWithoutAnArnGetsNoIamAndNoAuth() {
        Map<String, String> context = new HashMap<>(TestApps.context("kafka-follow"));
        context.remove("sourceMskClusterArn");
        Template template = Template.fromStack(TestApps.build(context).fargate());
        assertThat(Cfn.statementsOfRole(template, "TaskRole")).doesNotContainKeys("KafkaSourceCluster",
                "KafkaSourceTopic");
        assertThat(FargateStackTest.environment(template)).doesNotContainKey("SOURCE_KAFKA_AUTH");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSecurityGroupReachesTheSourceBrokersOnTheirPortOnly() {
        List<Map<String, Object>> egress = (List<Map<String, Object>>) Cfn.onlyProperties(followingFargate,
                "AWS::EC2::SecurityGroup").get("SecurityGroupEgress");
        assertThat(egress)
                .extracting(rule -> rule.get("CidrIp") + ":" + rule.get("FromPort") + "-" + rule.get("ToPort"))
                .containsExactlyInAnyOrder("0.0.0.0/0:443-443", "10.0.0.0/16:9098-9098", "10.1.0.0/16:9098-9098");
    }
}
