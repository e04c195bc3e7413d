package com.csvtokafka.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.infra.Cfn;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** What every compute option's processor role must allow, and nothing wider, with the default (sandbox) context. */
final class ProcessorRoleAssertions {

    private ProcessorRoleAssertions() {
    }

    static void assertLeastPrivilegeOnSandbox(Template template, String rolePrefix) {
        Map<String, Map<String, Object>> statements = Cfn.statementsOfRole(template, rolePrefix);

        assertThat(Cfn.actions(statements.get("ReadSource")))
                .containsExactlyInAnyOrder("s3:GetObject", "s3:GetObjectVersion");
        assertThat(Cfn.resource(statements.get("ReadSource")))
                .startsWith("arn:${{Ref=AWS::Partition}}:s3:::")
                .endsWith("/input/*");

        assertThat(Cfn.actions(statements.get("Checkpoints"))).containsExactlyInAnyOrder(
                "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
        assertThat(Cfn.resource(statements.get("Checkpoints"))).contains("CheckpointStack").contains("Arn");
        // the default jobId is "*": any job's items, still by leading key
        assertThat(statements.get("Checkpoints").get("Condition")).isEqualTo(Map.of("ForAllValues:StringLike",
                Map.of("dynamodb:LeadingKeys", List.of("*"))));
        assertThat(Cfn.actions(statements.get("CheckpointTable"))).containsExactly("dynamodb:DescribeTable");
        assertThat(Cfn.resource(statements.get("CheckpointTable"))).contains("CheckpointStack").contains("Arn");

        assertThat(Cfn.actions(statements.get("KafkaCluster")))
                .containsExactlyInAnyOrder("kafka-cluster:Connect", "kafka-cluster:WriteDataIdempotently");
        assertThat(Cfn.resource(statements.get("KafkaCluster"))).contains("SandboxStack").contains("KafkaArn");

        assertThat(Cfn.actions(statements.get("KafkaTopic"))).containsExactlyInAnyOrder(
                "kafka-cluster:DescribeTopic", "kafka-cluster:DescribeTopicDynamicConfiguration",
                "kafka-cluster:ReadData", "kafka-cluster:WriteData", "kafka-cluster:CreateTopic");
        assertThat(Cfn.resource(statements.get("KafkaTopic"))).contains(":topic/").endsWith("/csv-to-kafka-*");

        assertThat(Cfn.actions(statements.get("KafkaTransactionalId"))).containsExactlyInAnyOrder(
                "kafka-cluster:DescribeTransactionalId", "kafka-cluster:AlterTransactionalId");
        assertThat(Cfn.resource(statements.get("KafkaTransactionalId")))
                .contains(":transactional-id/").endsWith("/csv-to-kafka-*");

        statements.values().forEach(statement -> {
            assertThat(Cfn.actions(statement)).noneMatch(action -> action.equals("*") || action.endsWith(":*"));
            assertThat(Cfn.resource(statement)).isNotEqualTo("*");
        });
    }

    /**
     * The ECS execution role (image pull, logs, secrets) has one statement on "*": ecr:GetAuthorizationToken, which
     * has no resource-level permissions (the one cdk-nag finding suppressed on it).
     */
    static void assertOnlyWildcardIsEcrAuthorization(Template template, String rolePrefix) {
        assertThat(Cfn.statementsOfRole(template, rolePrefix).values())
                .filteredOn(statement -> Cfn.resource(statement).equals("*"))
                .singleElement()
                .satisfies(statement -> assertThat(Cfn.actions(statement)).containsExactly("ecr:GetAuthorizationToken"));
    }
}
