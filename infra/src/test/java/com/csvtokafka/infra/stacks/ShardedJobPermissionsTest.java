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
        Stack stack = switch (compute) {
            case "batch" -> stacks().batch();
            case "fargate" -> stacks().fargate();
            default -> stacks().ec2();
        };
        Map<String, Object> statement = Cfn.statementsOfRole(Template.fromStack(stack), role)
                .get("KafkaTransactionalId");
        assertThat(Cfn.actions(statement)).containsExactlyInAnyOrder("kafka-cluster:DescribeTransactionalId",
                "kafka-cluster:AlterTransactionalId");
        assertThat(Cfn.resources(statement)).containsExactlyInAnyOrderElementsOf(List.of(
                IDS + "csv-to-kafka-orders-2024",
                IDS + "csv-to-kafka-orders-2024/lane-*",
                IDS + "csv-to-kafka-orders-2024.?",
                IDS + "csv-to-kafka-orders-2024.?/lane-*",
                IDS + "csv-to-kafka-orders-2024.??",
                IDS + "csv-to-kafka-orders-2024.??/lane-*"));
    }
}
