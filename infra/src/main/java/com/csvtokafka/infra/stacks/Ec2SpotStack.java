package com.csvtokafka.infra.stacks;

import com.csvtokafka.infra.config.InfraConfig;
import com.csvtokafka.infra.config.InstanceTypes;
import com.csvtokafka.infra.constructs.Ec2JobUserData;
import com.csvtokafka.infra.constructs.JobCommands;
import com.csvtokafka.infra.constructs.JobSecurityGroup;
import com.csvtokafka.infra.constructs.JobTarget;
import com.csvtokafka.infra.constructs.ProcessorAssets;
import com.csvtokafka.infra.constructs.ProcessorEnvironment;
import com.csvtokafka.infra.constructs.ProcessorPermissions;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.FileAssetLocation;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.InstanceInitiatedShutdownBehavior;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.Construct;

/**
 * One job per one-time Spot instance, started by an instant EC2 Fleet ({@code aws ec2 create-fleet --type instant})
 * over this launch template: the fleet picks the best Spot pool (price-capacity-optimized) among every given
 * instance type in every job subnet, and the instance runs Amazon Linux 2023 of the types' architecture with
 * Corretto 17, the jar from the bootstrap bucket, SIGTERM on the Spot notice, logs to CloudWatch, and terminates
 * when the job ends. Nothing retries a reclaimed instance: run the command again and the job resumes (use
 * BatchSpotStack for automatic retries).
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
        target.grantSaslSecretRead(role);

        // The jar is one object of the bootstrap bucket, which holds every CDK app's assets of the account: the
        // instance may read that object and nothing else.
        FileAssetLocation jar = ProcessorAssets.jar(this, config.artifacts());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ProcessorJar")
                .actions(List.of("s3:GetObject"))
                .resources(List.of("arn:" + getPartition() + ":s3:::" + jar.getBucketName() + "/" + jar.getObjectKey()))
                .build());

        InfraConfig.Compute compute = config.compute();
        LaunchTemplate template = LaunchTemplate.Builder.create(this, "JobInstance")
                .machineImage(MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
                        .cpuType(compute.ec2Architecture() == InstanceTypes.Architecture.ARM64
                                ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64)
                        .build()))
                .role(role)
                .securityGroup(securityGroup)
                .userData(Ec2JobUserData.create(Bucket.fromBucketName(this, "AssetBucket", jar.getBucketName()),
                        jar.getObjectKey(), ProcessorEnvironment.of(target, shared.table()),
                        target.saslSecret().map(s -> s.getSecretArn()).orElse(null), shared.logGroup()))
                .requireImdsv2(true)
                // One hop: the instance itself reaches the metadata service, a container behind the Docker bridge
                // (one more hop) does not, so a job cannot take the instance role's credentials.
                .httpPutResponseHopLimit(1)
                .instanceMetadataTags(true)
                .instanceInitiatedShutdownBehavior(InstanceInitiatedShutdownBehavior.TERMINATE)
                .build();

        JobCommands job = JobCommands.of(target);
        List<String> overrides = new ArrayList<>();
        for (String type : compute.ec2InstanceTypes()) {
            for (String subnet : target.subnetIds()) {
                overrides.add("{\"InstanceType\":\"" + type + "\",\"SubnetId\":\"" + subnet + "\"}");
            }
        }
        // Spot comes from the fleet (a launch template for a fleet carries no market options); --query prints the
        // instance id as run-instances did, and the pools' errors when none had capacity.
        String runInstances = String.join(" ", List.of(
                "aws ec2 create-fleet",
                "--region", Aws.REGION,
                "--type instant",
                "--target-capacity-specification TotalTargetCapacity=1,DefaultTargetCapacityType=spot",
                "--spot-options AllocationStrategy=price-capacity-optimized,InstanceInterruptionBehavior=terminate",
                "--launch-template-configs",
                "'[{\"LaunchTemplateSpecification\":{\"LaunchTemplateId\":\"" + template.getLaunchTemplateId()
                        + "\",\"Version\":\"" + template.getLatestVersionNumber() + "\"},\"Overrides\":["
                        + String.join(",", overrides) + "]}]'",
                "--tag-specifications", "'" + job.tagsJson() + "'",
                "--query", "'{Instances: Instances[].InstanceIds[].{InstanceId: @}, Errors: Errors}'"));

        CfnOutput.Builder.create(this, "LaunchTemplateId").value(template.getLaunchTemplateId()).build();
        CfnOutput.Builder.create(this, "RunInstancesCommand").value(runInstances)
                .description("Starts (or resumes) the job on one Spot instance from the cheapest pool with capacity "
                        + "(instant EC2 Fleet); edit the " + job.variables() + " tags for another job")
                .build();
        CfnOutput.Builder.create(this, "LogsCommand")
                .value("aws logs tail --region " + Aws.REGION + " " + shared.logGroup().getLogGroupName()
                        + " --follow --log-stream-name-prefix " + Ec2JobUserData.LOG_PREFIX + "/")
                .build();
    }
}
