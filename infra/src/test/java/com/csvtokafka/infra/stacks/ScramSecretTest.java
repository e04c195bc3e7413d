package com.csvtokafka.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.infra.Cfn;
import com.csvtokafka.infra.InfraApp;
import com.csvtokafka.infra.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Template;

/**
 * SCRAM on MSK (infra/contexts/production-scram.json): MSK takes only secrets encrypted with a customer managed KMS
 * key, so whoever reads the secret (the ECS execution roles that inject it, the EC2 instance role whose start script
 * fetches it) needs kms:Decrypt on exactly that key besides secretsmanager:GetSecretValue, or tasks fail to start.
 */
class ScramSecretTest {

    private static Map<String, String> context;
    private static InfraApp.Stacks stacks;

    @BeforeAll
    static void synth() {
        context = TestApps.context("production-scram");
        stacks = TestApps.build(context);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"fargate, TaskExecutionRole", "batch, ContainerExecutionRole", "ec2, InstanceRole"})
    void theRoleThatReadsTheSecretMayDecryptItWithItsKeyAndNothingElse(String stack, String rolePrefix) {
        Template template = Template.fromStack(switch (stack) {
            case "fargate" -> stacks.fargate();
            case "batch" -> stacks.batch();
            default -> stacks.ec2();
        });
        String secret = context.get("kafkaSecretArn");
        String key = context.get("kafkaSecretKmsKeyArn");
        List<Map<String, Object>> statements = List.copyOf(Cfn.statementsOfRole(template, rolePrefix).values());

        assertThat(statements).anySatisfy(statement -> {
            assertThat(Cfn.actions(statement)).contains("secretsmanager:GetSecretValue");
            assertThat(Cfn.resource(statement)).isEqualTo(secret);
        });
        assertThat(statements).filteredOn(statement -> Cfn.actions(statement).stream().anyMatch(a -> a.startsWith("kms:")))
                .singleElement()
                .satisfies(statement -> {
                    assertThat(Cfn.actions(statement)).containsExactly("kms:Decrypt");
                    assertThat(Cfn.resource(statement)).isEqualTo(key);
                    assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of(
                            "kms:ViaService", "secretsmanager.eu-west-1.amazonaws.com",
                            "kms:EncryptionContext:SecretARN", secret)));
                });
    }
}
