package com.csvtokafka.infra.stacks;

import com.csvtokafka.infra.config.InfraConfig;
import com.csvtokafka.infra.constructs.Ec2JobUserData;
import com.csvtokafka.infra.constructs.JobCommands;
import com.csvtokafka.infra.constructs.JobSecurityGroup;
import com.csvtokafka.infra.constructs.JobTarget;
import com.csvtokafka.infra.constructs.ProcessorEnvironment;
import com.csvtokafka.infra.constructs.ProcessorPermissions;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.InstanceInitiatedShutdownBehavior;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateSpotOptions;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SpotInstanceInterruption;
import software.amazon.awscdk.services.ec2.SpotRequestType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * One job per one-time Spot instance, started by {@code aws ec2 run-instances} with this launch template:
 * Amazon Linux 2023 with Corretto 17, the jar asset from S3, SIGTERM on the Spot notice, logs to CloudWatch, and
 * termination when the job ends. Nothing retries a reclaimed instance: run the command again and the job resumes
 * (use BatchSpotStack for automatic retries).
 */
public final class Ec2SpotStack extends Stack {

    public Ec2SpotStack(Construct scope, String id, StackProps props, InfraConfig config, SharedResources shared,
                        SandboxStack sandbox) {
        super(scope, id, props);
        JobTarget target = new JobTarget(this, "Target", config, sandbox);
        SecurityGroup securityGroup = JobSecurityGroup.create(this, "JobSecurityGroup", target);

        Role role = Role.Builder.create(this, "InstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description("csv-to-kafka processor (EC2 Spot instance)")
                .build();
        ProcessorPermissions.grant(role, target, shared.table());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ShipLogs")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                .resources(List.of(shared.logGroup().getLogGroupArn()))
                .build());
        target.saslSecret().ifPresent(secret -> secret.grantRead(role));

        Asset jar = Asset.Builder.create(this, "ProcessorJar")
                .path(config.artifacts().jar().toString())
                .displayName("csv-to-kafka processor jar")
                .build();
        jar.grantRead(role);

        LaunchTemplate template = LaunchTemplate.Builder.create(this, "JobInstance")
                .machineImage(MachineImage.latestAmazonLinux2023())
                .instanceType(new InstanceType(config.compute().ec2InstanceType()))
                .role(role)
                .securityGroup(securityGroup)
                .userData(Ec2JobUserData.create(jar, ProcessorEnvironment.of(target, shared.table()),
                        target.saslSecret().map(s -> s.getSecretArn()).orElse(null), shared.logGroup()))
                .requireImdsv2(true)
                .instanceMetadataTags(true)
                .instanceInitiatedShutdownBehavior(InstanceInitiatedShutdownBehavior.TERMINATE)
                .spotOptions(LaunchTemplateSpotOptions.builder()
                        .requestType(SpotRequestType.ONE_TIME)
                        .interruptionBehavior(SpotInstanceInterruption.TERMINATE)
                        .build())
                .build();

        JobCommands job = JobCommands.of(target);
        String subnet = Fn.select(0, target.subnetIds());
        String runInstances = String.join(" ", List.of(
                "aws ec2 run-instances",
                "--region", Aws.REGION,
                "--launch-template",
                "LaunchTemplateId=" + template.getLaunchTemplateId() + ",Version=" + template.getLatestVersionNumber(),
                "--subnet-id", subnet,
                "--tag-specifications", "'" + job.tagsJson() + "'"));

        CfnOutput.Builder.create(this, "LaunchTemplateId").value(template.getLaunchTemplateId()).build();
        CfnOutput.Builder.create(this, "RunInstancesCommand").value(runInstances)
                .description("Starts (or resumes) the job on a new Spot instance; edit the SOURCE_URI, KAFKA_TOPIC "
                        + "and JOB_ID tags for another job")
                .build();
        CfnOutput.Builder.create(this, "LogsCommand")
                .value("aws logs tail --region " + Aws.REGION + " " + shared.logGroup().getLogGroupName()
                        + " --follow --log-stream-name-prefix " + Ec2JobUserData.LOG_PREFIX + "/")
                .build();
    }
}
