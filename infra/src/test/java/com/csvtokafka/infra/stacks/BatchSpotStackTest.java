package com.csvtokafka.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.infra.Cfn;
import com.csvtokafka.infra.TestApps;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class BatchSpotStackTest {

    private static Template template;
    /** Eight shards, each into its own partition of 0-7. */
    private static Template sharded;

    @BeforeAll
    static void synth() {
        template = Template.fromStack(TestApps.defaults().batch());
        sharded = Template.fromStack(TestApps.build(Map.of("shards", "8", "partitions", "0-7")).batch());
    }

    @Test
    void computeEnvironmentIsManagedSpotWithPriceCapacityOptimizedAllocation() {
        template.hasResourceProperties("AWS::Batch::ComputeEnvironment", Map.of(
                "Type", "managed",
                "ComputeResources", Match.objectLike(Map.of(
                        "Type", "SPOT",
                        "AllocationStrategy", "SPOT_PRICE_CAPACITY_OPTIMIZED",
                        "MinvCpus", 0,
                        "MaxvCpus", 16,
                        "InstanceTypes", List.of("m6i.large", "m6a.large", "m5.large", "m5a.large", "m7i.large"),
                        "LaunchTemplate", Map.of(
                                "LaunchTemplateId", Map.of("Ref", Match.stringLikeRegexp("InstanceTemplate.*")),
                                // the latest version: an edit of the instance set-up rolls new instances
                                "Version", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("InstanceTemplate.*"),
                                        "LatestVersionNumber")))))));
        template.hasResourceProperties("AWS::Batch::ComputeEnvironment", Map.of("ReplaceComputeEnvironment", false));
    }

    @Test
    void aDeployThatReplacesInstancesLetsRunningJobsFinishForSixHoursAndNeverTerminatesThem() {
        // Batch's default would stop them after 30 minutes; 360 is the most it accepts
        template.hasResourceProperties("AWS::Batch::ComputeEnvironment", Match.objectLike(Map.of(
                "UpdatePolicy", Map.of("JobExecutionTimeoutMinutes", 360, "TerminateJobsOnUpdate", false))));
    }

    @Test
    void instanceTypesGrowWithTheJobSoItCanBePlaced() {
        Template large = Template.fromStack(TestApps.build(Map.of("cpu", "4096", "memoryMiB", "16384")).batch());
        large.hasResourceProperties("AWS::Batch::ComputeEnvironment", Map.of("ComputeResources", Match.objectLike(Map.of(
                "InstanceTypes", List.of("m6i.2xlarge", "m6a.2xlarge", "m5.2xlarge", "m5a.2xlarge", "m7i.2xlarge")))));
        large.hasResourceProperties("AWS::Batch::JobDefinition", Map.of("ContainerProperties", Match.objectLike(Map.of(
                "ResourceRequirements", Match.arrayWith(List.of(
                        Map.of("Type", "MEMORY", "Value", "16384"), Map.of("Type", "VCPU", "Value", "4")))))));
    }

    @Test
    void retriesSpotReclaimsAndCleanStopsButNotBadInputOrConfiguration() {
        // The same strategy with shards: Batch applies it to each array child on its own.
        for (Template each : List.of(template, sharded)) {
            each.hasResourceProperties("AWS::Batch::JobDefinition", Map.of(
                    "RetryStrategy", Map.of(
                            "Attempts", 10,
                            "EvaluateOnExit", List.of(
                                    Map.of("Action", "RETRY", "OnStatusReason", "Host EC2*"),
                                    Map.of("Action", "RETRY", "OnExitCode", "3"),
                                    Map.of("Action", "EXIT", "OnExitCode", "*"))),
                    "Timeout", Map.of("AttemptDurationSeconds", 24 * 3600)));
        }
    }

    @Test
    void aShardedJobIsAnArrayJobWhoseChildrenKnowTheShardCountAndTheirPartitions() {
        assertThat(Cfn.output(sharded, "SubmitJobCommand"))
                .startsWith("aws batch submit-job --region ")
                .contains("--job-definition ${{Ref=JobDefinition",
                        " --array-properties size=8 --container-overrides '{\"environment\":[");
        assertThat(environment(sharded)).containsEntry("SHARD_COUNT", "8").containsEntry("PARTITIONS", "0-7");
        assertThat(Cfn.output(sharded, "ArrayStatusCommand"))
                .contains("aws batch describe-jobs", "arrayProperties.statusSummary");
    }

    @Test
    void oneShardIsAPlainJob() {
        assertThat(Cfn.output(template, "SubmitJobCommand")).doesNotContain("--array-properties");
        assertThat(environment(template)).doesNotContainKeys("SHARD_COUNT", "PARTITIONS");
        assertThat(template.findOutputs("ArrayStatusCommand")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Template template) {
        Map<String, Object> container = (Map<String, Object>) Cfn.onlyProperties(template, "AWS::Batch::JobDefinition")
                .get("ContainerProperties");
        Map<String, String> env = new TreeMap<>();
        ((List<Map<String, Object>>) container.get("Environment"))
                .forEach(entry -> env.put((String) entry.get("Name"), Cfn.text(entry.get("Value"))));
        return env;
    }

    @Test
    void jobDefinitionRunsTheImageWithTimeoutLogsAndJobRole() {
        template.hasResourceProperties("AWS::Batch::JobDefinition", Map.of(
                "Type", "container",
                "PlatformCapabilities", List.of("EC2"),
                "Timeout", Map.of("AttemptDurationSeconds", 24 * 3600),
                "ContainerProperties", Match.objectLike(Map.of(
                        "Image", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
                                Map.of("Fn::Sub", Match.stringLikeRegexp("cdk-.*-container-assets-.*")),
                                Match.stringLikeRegexp(":[0-9a-f]{64}"))))))),
                        "JobRoleArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("JobRole.*"), "Arn")),
                        "ResourceRequirements", Match.arrayWith(List.of(
                                Map.of("Type", "MEMORY", "Value", "4096"), Map.of("Type", "VCPU", "Value", "2"))),
                        "Environment", Match.arrayWith(List.of(Map.of("Name", "KAFKA_AUTH", "Value", "iam"))),
                        "LogConfiguration", Map.of("LogDriver", "awslogs", "Options", Match.objectLike(Map.of(
                                "awslogs-stream-prefix", "batch")))))));
    }

    @Test
    void instancesDrainOnTheSpotNoticeStopContainersGracefullyAndKeepForwardingTheNotice() {
        Map<String, Object> template = Cfn.onlyProperties(BatchSpotStackTest.template, "AWS::EC2::LaunchTemplate");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) template.get("LaunchTemplateData");
        // IMDSv2 only and one hop: job containers (behind the Docker bridge) cannot reach the instance role
        assertThat(data).containsEntry("MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1));
        String userData = Cfn.text(data.get("UserData"));
        assertThat(userData)
                .startsWith("Content-Type: multipart/mixed")
                .contains("ECS_CONTAINER_STOP_TIMEOUT=120s", "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true",
                        "meta-data/spot/instance-action", "X-aws-ec2-metadata-token", "docker kill --signal TERM",
                        "sleep 5", "Restart=always", "systemctl enable --now --no-block csv-to-kafka-spot-notice.service")
                .doesNotContain("@SPOT_NOTICE_WATCHER@");
        // the watcher goes on after the first notice (ScriptsTest runs it)
        String watcher = userData.substring(userData.indexOf("<<'WATCHER'"), userData.lastIndexOf("WATCHER"));
        assertThat(watcher).contains("while true").doesNotContainPattern("(?m)^\\s*(exit|break)\\b");
    }

    @Test
    void jobRoleIsLeastPrivilege() {
        ProcessorRoleAssertions.assertLeastPrivilegeOnSandbox(template, "JobRole");
    }

    @Test
    void executionRoleHasNoWildcardButTheTokenThatPullingNeeds() {
        ProcessorRoleAssertions.assertOnlyWildcardIsEcrAuthorization(template, "ContainerExecutionRole");
    }

    @Test
    void submitJobCommandNamesQueueDefinitionAndJob() {
        assertThat(Cfn.output(template, "SubmitJobCommand"))
                .startsWith("aws batch submit-job --region ")
                .contains("--job-name csv-to-kafka-demo", "--job-queue ${{Fn::GetAtt=[Queue", "--job-definition ${{Ref=JobDefinition",
                        "--container-overrides '{\"environment\":[{\"name\":\"SOURCE_URI\"",
                        "{\"name\":\"JOB_ID\",\"value\":\"demo\"}]}'");
        assertThat(Cfn.output(template, "LogsCommand")).contains("--log-stream-name-prefix batch/");
    }
}
