package com.csvtokafka.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.infra.Cfn;
import com.csvtokafka.infra.InfraApp;
import com.csvtokafka.infra.TestApps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * With -c shards=N every compute stack's processor role may use exactly the transactional ids of the job, its keyed
 * lanes, its N shards and their lanes (any of them may run a shard: Batch as an array, Fargate and EC2 with SHARD).
 */
class ShardedJobPermissionsTest {

    private static final String IDS = "arn:aws:kafka:eu-west-1:123456789012:transactional-id/"
            + ExternalContext.CLUSTER_PATH + "/";

    private static InfraApp.Stacks stacks;

    private static synchronized InfraApp.Stacks stacks() {
        if (stacks == null) {
            Map<String, String> context = new HashMap<>(ExternalContext.CONTEXT);
            context.put("shards", "12");
            stacks = TestApps.build(context);
        }
        return stacks;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"batch, JobRole", "fargate, TaskRole", "ec2, InstanceRole"})
    void theRoleMayUseTheJobsLanesAndShardsTransactionalIdsAndNoOthers(String compute, String role) {
        Stack stack = ComputeStacks.of(stacks(), compute);
        Map<String, Object> statement = Cfn.statementsOfRole(Template.fromStack(stack), role)
                .get("KafkaTransactionalId");
        assertThat(Cfn.actions(statement)).containsExactlyInAnyOrder("kafka-cluster:DescribeTransactionalId",
                "kafka-cluster:AlterTransactionalId");
        assertThat(Cfn.resources(statement)).containsExactlyInAnyOrderElementsOf(List.of(
                IDS + "csv-to-kafka-orders-2024",
                IDS + "csv-to-kafka-orders-2024/lane-?",
                IDS + "csv-to-kafka-orders-2024/lane-??",
                IDS + "csv-to-kafka-orders-2024.?",
                IDS + "csv-to-kafka-orders-2024.??"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"batch, JobRole", "fargate, TaskRole", "ec2, InstanceRole"})
    void theRoleMayUseTheCheckpointItemsOfTheJobItsPlanAndItsShardsOnly(String compute, String role) {
        Stack stack = ComputeStacks.of(stacks(), compute);
        Template.fromStack(stack).hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(
                        Map.of("Sid", "Checkpoints",
                                "Action", List.of("dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem",
                                        "dynamodb:UpdateItem"),
                                "Condition", Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys",
                                        List.of("orders-2024", "orders-2024#inputs#*", "orders-2024.?",
                                                "orders-2024.?#inputs#*", "orders-2024.??",
                                                "orders-2024.??#inputs#*"))))))))))));
        assertThat(Cfn.statementsOfRole(Template.fromStack(stack), role).values())
                .filteredOn(statement -> Cfn.actions(statement).stream().anyMatch(a -> a.startsWith("dynamodb:")))
                .allSatisfy(statement -> assertThat(statement.containsKey("Condition")
                        || Cfn.actions(statement).equals(List.of("dynamodb:DescribeTable")))
                        .as("item access without a leading-key condition: %s", statement).isTrue());
    }
}
