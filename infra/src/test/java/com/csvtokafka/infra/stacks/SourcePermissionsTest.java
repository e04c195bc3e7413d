package com.csvtokafka.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.infra.Cfn;
import com.csvtokafka.infra.InfraApp;
import com.csvtokafka.infra.TestApps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * A prefix job pins its inputs with ListObjectsV2 (prefix = its source key), which S3 authorizes as s3:ListBucket on
 * the bucket: without it every prefix job fails with HTTP 403 before sending a row. The grant is scoped by an
 * {@code s3:prefix} condition to the deployment's prefix, and absent for a one-object deployment.
 */
class SourcePermissionsTest {

    private static InfraApp.Stacks prefix;
    private static InfraApp.Stacks object;

    private static synchronized InfraApp.Stacks prefixStacks() {
        if (prefix == null) {
            Map<String, String> context = new HashMap<>(ExternalContext.CONTEXT);
            context.put("sourceUri", "s3://data-bucket/exports/2024/");
            prefix = TestApps.build(context);
        }
        return prefix;
    }

    private static synchronized InfraApp.Stacks objectStacks() {
        if (object == null) {
            object = TestApps.build(ExternalContext.CONTEXT);
        }
        return object;
    }

    private static InfraApp.Stacks manifests;

    private static synchronized InfraApp.Stacks manifestStacks() {
        if (manifests == null) {
            Map<String, String> context = new HashMap<>(ExternalContext.CONTEXT);
            context.put("sourceUri", "s3://data-bucket/exports/");
            context.put("manifestUri", "s3://data-bucket/manifests/");
            manifests = TestApps.build(context);
        }
        return manifests;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"batch, JobRole", "fargate, TaskRole", "ec2, InstanceRole"})
    void aPrefixDeploymentMayListItsPrefixAndBelowOnly(String compute, String role) {
        Template template = Template.fromStack(ComputeStacks.of(prefixStacks(), compute));
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "ListSource",
                        "Action", "s3:ListBucket",
                        "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                ":s3:::data-bucket"))),
                        "Condition", Map.of("StringLike", Map.of("s3:prefix",
                                List.of("exports/2024/", "exports/2024/*"))))))))))));

        Map<String, Map<String, Object>> statements = Cfn.statementsOfRole(template, role);
        assertThat(Cfn.resource(statements.get("ListSource")))
                .isEqualTo("arn:${{Ref=AWS::Partition}}:s3:::data-bucket");
        assertThat(Cfn.resource(statements.get("ReadSource")))
                .isEqualTo("arn:${{Ref=AWS::Partition}}:s3:::data-bucket/exports/2024/*");
    }

    @Test
    void thePrintedCommandsMoveTheConfiguredPrefix() {
        String source = "{\"name\":\"SOURCE_URI\",\"value\":\"s3://data-bucket/exports/2024/\"}";
        assertThat(Cfn.output(Template.fromStack(prefixStacks().fargate()), "RunTaskCommand")).contains(source);
        assertThat(Cfn.output(Template.fromStack(prefixStacks().batch()), "SubmitJobCommand")).contains(source);
        assertThat(Cfn.output(Template.fromStack(prefixStacks().ec2()), "RunInstancesCommand"))
                .contains("{\"Key\":\"SOURCE_URI\",\"Value\":\"s3://data-bucket/exports/2024/\"}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"batch, JobRole", "fargate, TaskRole", "ec2, InstanceRole"})
    void manifestJobsMayReadTheManifestsAndTheFilesUnderTheSource(String compute, String role) {
        Map<String, Map<String, Object>> statements = Cfn.statementsOfRole(
                Template.fromStack(ComputeStacks.of(manifestStacks(), compute)), role);
        assertThat(Cfn.actions(statements.get("ReadManifest"))).containsExactly("s3:GetObject");
        assertThat(Cfn.resource(statements.get("ReadManifest")))
                .isEqualTo("arn:${{Ref=AWS::Partition}}:s3:::data-bucket/manifests/*");
        assertThat(Cfn.actions(statements.get("ReadSource")))
                .containsExactlyInAnyOrder("s3:GetObject", "s3:GetObjectVersion");
        assertThat(Cfn.resource(statements.get("ReadSource")))
                .isEqualTo("arn:${{Ref=AWS::Partition}}:s3:::data-bucket/exports/*");
    }

    @Test
    void manifestDeploymentsPrintAManifestAndNoSource() {
        assertThat(Cfn.output(Template.fromStack(manifestStacks().batch()), "SubmitJobCommand"))
                .contains("{\"name\":\"MANIFEST_URI\",\"value\":\"s3://data-bucket/manifests/demo.txt\"}")
                .doesNotContain("SOURCE_URI");
        assertThat(Cfn.output(Template.fromStack(manifestStacks().ec2()), "RunInstancesCommand"))
                .contains("{\"Key\":\"MANIFEST_URI\",\"Value\":\"s3://data-bucket/manifests/demo.txt\"}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"batch, JobRole", "fargate, TaskRole", "ec2, InstanceRole"})
    void theSandboxPrefixIsListableUnderItsPrefix(String compute, String role) {
        Map<String, Object> list = Cfn.statementsOfRole(Template.fromStack(ComputeStacks.of(TestApps.defaults(), compute)), role)
                .get("ListSource");
        assertThat(Cfn.actions(list)).containsExactly("s3:ListBucket");
        assertThat(list.get("Condition")).isEqualTo(Map.of("StringLike", Map.of("s3:prefix",
                List.of("input/", "input/*"))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"batch, JobRole", "fargate, TaskRole", "ec2, InstanceRole"})
    void aOneObjectDeploymentListsNothing(String compute, String role) {
        Map<String, Map<String, Object>> statements = Cfn.statementsOfRole(
                Template.fromStack(ComputeStacks.of(objectStacks(), compute)), role);
        assertThat(statements).doesNotContainKey("ListSource");
        assertThat(statements.values()).noneMatch(statement -> Cfn.actions(statement).contains("s3:ListBucket"));
    }
}
