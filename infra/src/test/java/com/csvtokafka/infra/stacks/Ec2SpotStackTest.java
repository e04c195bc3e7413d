package com.csvtokafka.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.infra.Cfn;
import com.csvtokafka.infra.TestApps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

class Ec2SpotStackTest {

    private static Template template;
    private static Map<String, Object> launchTemplateData;
    private static String userData;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() {
        template = Template.fromStack(TestApps.defaults().ec2());
        launchTemplateData = (Map<String, Object>) Cfn.onlyProperties(template, "AWS::EC2::LaunchTemplate")
                .get("LaunchTemplateData");
        userData = Cfn.text(launchTemplateData.get("UserData"));
    }

    @Test
    void oneTimeSpotThatTerminatesOnShutdown() {
        assertThat(launchTemplateData)
                .containsEntry("InstanceMarketOptions", Map.of("MarketType", "spot", "SpotOptions", Map.of(
                        "SpotInstanceType", "one-time", "InstanceInterruptionBehavior", "terminate")))
                .containsEntry("InstanceInitiatedShutdownBehavior", "terminate")
                .containsEntry("InstanceType", "m6i.large")
                .containsEntry("MetadataOptions", Map.of("HttpTokens", "required", "InstanceMetadataTags", "enabled"));
    }

    @Test
    void amazonLinux2023FromThePublicSsmParameterWithoutALookup() {
        assertThat(template.findParameters("*").values().toString())
                .contains("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64");
        assertThat(launchTemplateData.get("ImageId").toString()).contains("Ref=SsmParameterValue");
    }

    @Test
    void userDataInstallsCorrettoFetchesTheJarAndRunsTheJobAsAnUnprivilegedUser() {
        assertThat(userData)
                .startsWith("#!/bin/bash")
                .contains("set -euo pipefail", "dnf install -y -q java-17-amazon-corretto-headless amazon-cloudwatch-agent",
                        "aws s3 cp 's3://${", "/opt/csv-to-kafka/csv-to-kafka.jar",
                        "setpriv --reuid=csvtokafka", "-jar /opt/csv-to-kafka/csv-to-kafka.jar run",
                        "KAFKA_AUTH='iam'", "CHECKPOINT_TABLE='${", "meta-data/tags/instance/${name}",
                        "METRICS='emf'");
        assertThat(userData.indexOf("aws s3 cp")).isLessThan(userData.indexOf("setpriv"));
    }

    @Test
    void userDataForwardsTheSpotNoticeAsSigtermWithinFiveSeconds() {
        assertThat(userData).contains("X-aws-ec2-metadata-token-ttl-seconds", "meta-data/spot/instance-action",
                "kill -TERM \"$pid\"", "sleep 5", "wait \"$pid\"");
    }

    @Test
    void userDataShipsLogsAndAlwaysShutsDown() {
        assertThat(userData).contains("amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s",
                "\"file_path\":\"/var/log/csv-to-kafka/processor.log\"", "\"log_stream_name\":\"ec2/{instance_id}/processor\"",
                "trap finish EXIT", "shutdown -h now");
    }

    @Test
    void instanceRoleIsLeastPrivilegePlusLogsAndTheJarAsset() {
        ProcessorRoleAssertions.assertLeastPrivilegeOnSandbox(template, "InstanceRole");
        Map<String, Map<String, Object>> statements = Cfn.statementsOfRole(template, "InstanceRole");
        assertThat(Cfn.actions(statements.get("ShipLogs")))
                .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams");
        assertThat(Cfn.resource(statements.get("ShipLogs"))).contains("CheckpointStack").contains("Jobs");
        assertThat(statements.values()).anySatisfy(statement -> {
            assertThat(Cfn.actions(statement)).contains("s3:GetObject*");
            assertThat(statement.get("Resource").toString()).contains("cdk-hnb659fds-assets");
        });
    }

    @Test
    void runInstancesCommandUsesTheTemplateAndTagsTheJob() {
        assertThat(Cfn.output(template, "RunInstancesCommand"))
                .startsWith("aws ec2 run-instances --region ")
                .contains("--launch-template LaunchTemplateId=${{Ref=JobInstance", ",Version=${{Fn::GetAtt=[JobInstance",
                        "--subnet-id ${", "\"ResourceType\":\"instance\"", "{\"Key\":\"JOB_ID\",\"Value\":\"demo\"}",
                        "{\"Key\":\"KAFKA_TOPIC\",\"Value\":\"csv-to-kafka-demo\"}");
        assertThat(template.findOutputs("LaunchTemplateId")).isNotEmpty();
        assertThat(List.of(Cfn.output(template, "LogsCommand"))).allMatch(c -> c.contains("prefix ec2/"));
    }
}
