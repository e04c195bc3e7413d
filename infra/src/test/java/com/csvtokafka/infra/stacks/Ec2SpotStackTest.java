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
    void instancesTerminateOnShutdownAndTakeSpotAndTheirTypeFromTheFleet() {
        assertThat(launchTemplateData)
                .containsEntry("InstanceInitiatedShutdownBehavior", "terminate")
                // IMDSv2 only, one hop (nothing behind a bridge reaches the instance role), tags for the job's values
                .containsEntry("MetadataOptions", Map.of("HttpTokens", "required", "HttpPutResponseHopLimit", 1,
                        "InstanceMetadataTags", "enabled"))
                .doesNotContainKeys("InstanceMarketOptions", "InstanceType");
    }

    @Test
    void amazonLinux2023FromThePublicSsmParameterWithoutALookup() {
        assertThat(template.findParameters("*").values().toString())
                .contains("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64");
        assertThat(launchTemplateData.get("ImageId").toString()).contains("Ref=SsmParameterValue");
    }

    @Test
    void gravitonTypesGetTheArm64Image() {
        Template graviton = Template.fromStack(TestApps.build(Map.of("ec2InstanceTypes", "m7g.large,c7g.xlarge")).ec2());
        assertThat(graviton.findParameters("*").values().toString())
                .contains("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64")
                .doesNotContain("x86_64");
        assertThat(Cfn.output(graviton, "RunInstancesCommand"))
                .contains("{\"InstanceType\":\"m7g.large\",", "{\"InstanceType\":\"c7g.xlarge\",");
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
    void instanceRoleIsLeastPrivilegePlusLogsAndTheOneJarObject() {
        ProcessorRoleAssertions.assertLeastPrivilegeOnSandbox(template, "InstanceRole");
        Map<String, Map<String, Object>> statements = Cfn.statementsOfRole(template, "InstanceRole");
        assertThat(Cfn.actions(statements.get("ShipLogs")))
                .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams");
        assertThat(Cfn.resource(statements.get("ShipLogs"))).contains("CheckpointStack").contains("Jobs");

        // the bootstrap bucket holds every CDK app's assets: the instance reads the jar object and nothing else
        assertThat(Cfn.actions(statements.get("ProcessorJar"))).containsExactly("s3:GetObject");
        assertThat(Cfn.resource(statements.get("ProcessorJar")))
                .startsWith("arn:${{Ref=AWS::Partition}}:s3:::${{Fn::Sub=cdk-hnb659fds-assets-")
                .matches(".*/[0-9a-f]{64}\\.jar");
        assertThat(statements.values()).allSatisfy(statement -> {
            assertThat(Cfn.actions(statement)).noneMatch(action -> action.startsWith("s3:") && action.endsWith("*"));
            assertThat(Cfn.resource(statement)).doesNotEndWith("-assets-${AWS::AccountId}-${AWS::Region}}}/*");
        });
        assertThat(userData).contains("aws s3 cp 's3://${{Fn::Sub=cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}}}/")
                .containsPattern("/[0-9a-f]{64}\\.jar' '/opt/csv-to-kafka/csv-to-kafka.jar'");
    }

    @Test
    void runInstancesCommandAsksAnInstantFleetForOneSpotInstanceFromEveryPool() {
        String command = Cfn.output(template, "RunInstancesCommand");
        assertThat(command)
                .startsWith("aws ec2 create-fleet --region ")
                .contains("--type instant",
                        "--target-capacity-specification TotalTargetCapacity=1,DefaultTargetCapacityType=spot",
                        "--spot-options AllocationStrategy=price-capacity-optimized,InstanceInterruptionBehavior=terminate",
                        "\"LaunchTemplateId\":\"${{Ref=JobInstance", "\"Version\":\"${{Fn::GetAtt=[JobInstance",
                        "\"ResourceType\":\"instance\"", "{\"Key\":\"JOB_ID\",\"Value\":\"demo\"}",
                        "{\"Key\":\"KAFKA_TOPIC\",\"Value\":\"csv-to-kafka-demo\"}",
                        "--query '{Instances: Instances[].InstanceIds[].{InstanceId: @}, Errors: Errors}'");
        // every default type in each of the sandbox's two job subnets
        for (String type : List.of("m6i.large", "m6a.large", "m5.large", "m5a.large", "m7i.large")) {
            assertThat(command).containsSubsequence("{\"InstanceType\":\"" + type + "\",\"SubnetId\":\"${{Fn::ImportValue=SandboxStack:ExportsOutputRefVpcjobsSubnet1",
                    "{\"InstanceType\":\"" + type + "\",\"SubnetId\":\"${{Fn::ImportValue=SandboxStack:ExportsOutputRefVpcjobsSubnet2");
        }
        assertThat(command.split("\"InstanceType\"", -1)).hasSize(11);
        assertThat(template.findOutputs("LaunchTemplateId")).isNotEmpty();
        assertThat(List.of(Cfn.output(template, "LogsCommand"))).allMatch(c -> c.contains("prefix ec2/"));
    }

    @Test
    void aGivenVpcsSubnetsAreAllPools() {
        String command = Cfn.output(Template.fromStack(TestApps.build(ExternalContext.CONTEXT).ec2()),
                "RunInstancesCommand");
        assertThat(command).contains(
                "{\"InstanceType\":\"m6i.large\",\"SubnetId\":\"subnet-0aaaaaaaaaaaaaaa1\"}",
                "{\"InstanceType\":\"m6i.large\",\"SubnetId\":\"subnet-0bbbbbbbbbbbbbbb2\"}",
                "{\"InstanceType\":\"m7i.large\",\"SubnetId\":\"subnet-0bbbbbbbbbbbbbbb2\"}");
    }
}
