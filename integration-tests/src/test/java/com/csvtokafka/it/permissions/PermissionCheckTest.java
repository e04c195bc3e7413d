package com.csvtokafka.it.permissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pieces DeployPermissionsIT judges with, each shown to say no where it must: moto's verdicts (with IAM's
 * wildcards), the condition checks, and the Kafka-to-MSK mapping.
 */
class PermissionCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "arn:aws:kafka:eu-west-1:123456789012:cluster/prod/abc-1";

    private static AwsCall call(String action, String resource, Map<String, String> conditions) {
        return new AwsCall(action, resource, conditions, "test");
    }

    @Test
    void motoAllowsOnlyWhatAStatementGrantsWithQuestionMarkAsExactlyOneCharacter() throws Exception {
        Map<String, Object> policy = Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Sid", "Ids", "Effect", "Allow", "Action", List.of("kafka-cluster:AlterTransactionalId"),
                "Resource", List.of("arn:aws:kafka:eu-west-1:1:transactional-id/prod/abc-1/job.?"))));
        List<PolicyEngine.Verdict> verdicts = PolicyEngine.evaluate(List.of(policy), List.of(
                call("kafka-cluster:AlterTransactionalId", "arn:aws:kafka:eu-west-1:1:transactional-id/prod/abc-1/job.7", Map.of()),
                call("kafka-cluster:AlterTransactionalId", "arn:aws:kafka:eu-west-1:1:transactional-id/prod/abc-1/job.12", Map.of()),
                call("kafka-cluster:AlterTransactionalId", "arn:aws:kafka:eu-west-1:1:transactional-id/prod/abc-1/jobX7", Map.of()),
                call("kafka-cluster:WriteData", "arn:aws:kafka:eu-west-1:1:transactional-id/prod/abc-1/job.7", Map.of())));
        assertThat(verdicts).extracting(v -> !v.allowing().isEmpty()).containsExactly(true, false, false, false);
    }

    @Test
    void aListPrefixMustMatchTheStatementsPrefixPatterns() throws Exception {
        JsonNode condition = JSON.readTree("{\"StringLike\":{\"s3:prefix\":[\"exports/2024/\",\"exports/2024/*\"]}}");
        assertThat(Conditions.unmet(condition, call("s3:ListBucket", "arn:aws:s3:::b",
                Map.of("s3:prefix", "exports/2024/")))).isEmpty();
        assertThat(Conditions.unmet(condition, call("s3:ListBucket", "arn:aws:s3:::b",
                Map.of("s3:prefix", "exports/")))).get().asString().contains("'exports/' matches none");
        assertThat(Conditions.unmet(condition, call("s3:ListBucket", "arn:aws:s3:::b", Map.of())))
                .get().asString().contains("carries no value");
    }

    @Test
    void leadingKeysForAllValuesHoldForTheJobsKeysAndForCallsWithoutAKey() throws Exception {
        JsonNode condition = JSON.readTree(
                "{\"ForAllValues:StringLike\":{\"dynamodb:LeadingKeys\":[\"orders-2024\",\"orders-2024.*\"]}}");
        assertThat(Conditions.unmet(condition, call("dynamodb:GetItem", "t",
                Map.of("dynamodb:LeadingKeys", "orders-2024.63")))).isEmpty();
        assertThat(Conditions.unmet(condition, call("dynamodb:GetItem", "t",
                Map.of("dynamodb:LeadingKeys", "other-job")))).isPresent();
        assertThat(Conditions.unmet(condition, call("dynamodb:DescribeTable", "t", Map.of()))).isEmpty();
    }

    @Test
    void kafkaOperationsBecomeMskActionsOnMskArnsAndBrokerTrafficIsLeftOut() {
        MskActions msk = new MskActions(CLUSTER);
        assertThat(msk.call("WRITE", "TransactionalId", "csv-to-kafka-job", "InitProducerId", "r")).get()
                .satisfies(c -> {
                    assertThat(c.action()).isEqualTo("kafka-cluster:AlterTransactionalId");
                    assertThat(c.resource()).isEqualTo(
                            "arn:aws:kafka:eu-west-1:123456789012:transactional-id/prod/abc-1/csv-to-kafka-job");
                });
        assertThat(msk.call("READ", "Topic", "orders", "Fetch", "r")).get()
                .extracting(AwsCall::action, AwsCall::resource)
                .containsExactly("kafka-cluster:ReadData", "arn:aws:kafka:eu-west-1:123456789012:topic/prod/abc-1/orders");
        assertThat(msk.call("CLUSTER_ACTION", "Cluster", "kafka-cluster", "BrokerHeartbeat", "r")).isEmpty();
        assertThat(msk.call("ALTER", "Cluster", "kafka-cluster", "WriteTxnMarkers", "r")).isEmpty();
        assertThatThrownBy(() -> msk.call("ALTER", "DelegationToken", "t", "CreateDelegationToken", "r"))
                .hasMessageContaining("has no MSK IAM action");
    }

    @Test
    void aKafkaSourceNeedsWhatMskDocumentsForAConsumerWithoutAGroup() {
        String topic = "arn:aws:kafka:eu-west-1:123456789012:topic/prod/abc-1/orders";
        assertThat(KafkaSourceCalls.of(new MskActions(CLUSTER), "orders"))
                .extracting(AwsCall::action, AwsCall::resource)
                .containsOnly(tuple("kafka-cluster:Connect", CLUSTER), tuple("kafka-cluster:DescribeTopic", topic),
                        tuple("kafka-cluster:ReadData", topic));
    }
}
