package com.csvtokafka.infra.stacks;

import com.csvtokafka.infra.config.InfraConfig;
import com.csvtokafka.infra.constructs.BatchInstanceUserData;
import com.csvtokafka.infra.constructs.JobCommands;
import com.csvtokafka.infra.constructs.JobSecurityGroup;
import com.csvtokafka.infra.constructs.JobTarget;
import com.csvtokafka.infra.constructs.Nag;
import com.csvtokafka.infra.constructs.ProcessorAssets;
import com.csvtokafka.infra.constructs.ProcessorEnvironment;
import com.csvtokafka.infra.constructs.ProcessorPermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.batch.Action;
import software.amazon.awscdk.services.batch.AllocationStrategy;
import software.amazon.awscdk.services.batch.CfnComputeEnvironment;
import software.amazon.awscdk.services.batch.CustomReason;
import software.amazon.awscdk.services.batch.EcsEc2ContainerDefinition;
import software.amazon.awscdk.services.batch.EcsJobDefinition;
import software.amazon.awscdk.services.batch.JobQueue;
import software.amazon.awscdk.services.batch.ManagedEc2EcsComputeEnvironment;
import software.amazon.awscdk.services.batch.OrderedComputeEnvironment;
import software.amazon.awscdk.services.batch.Reason;
import software.amazon.awscdk.services.batch.RetryStrategy;
import software.amazon.awscdk.services.batch.Secret;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * Runs jobs on AWS Batch with EC2 Spot capacity (price-capacity-optimized over several instance types). A Spot
 * reclaim or a clean SIGTERM stop (exit 3) is retried and the job resumes where Kafka says it stopped; bad input
 * (exit 1), bad configuration (exit 2) and anything else end the job at once.
 *
 * <p>With {@code shards} &gt; 1 a job is an array job of that size: child I runs shard I of N (the processor reads I
 * from {@code AWS_BATCH_JOB_ARRAY_INDEX} and N from {@code SHARD_COUNT}). Batch applies the retry strategy and the
 * timeout to each child on its own, so a reclaimed child is retried alone while the others go on.
 */
public final class BatchSpotStack extends Stack {

    public static final String LOG_PREFIX = "batch";
    /** The longest an infrastructure update lets running jobs finish (Batch's maximum, 360). */
    static final int UPDATE_TIMEOUT_MINUTES = 360;
    /** The shard count a sharded job's children read, with their own index from AWS_BATCH_JOB_ARRAY_INDEX. */
    static final String SHARD_COUNT = "SHARD_COUNT";

    /** Evaluated in order; Batch retries when no rule matches, so the last rule ends the job on any exit code. */
    static final List<RetryStrategy> RETRY_STRATEGIES = List.of(
            RetryStrategy.of(Action.RETRY, Reason.SPOT_INSTANCE_RECLAIMED),
            RetryStrategy.of(Action.RETRY, Reason.custom(CustomReason.builder().onExitCode("3").build())),
            RetryStrategy.of(Action.EXIT, Reason.custom(CustomReason.builder().onExitCode("*").build())));

    public BatchSpotStack(Construct scope, String id, StackProps props, InfraConfig config, SharedResources shared,
                          SandboxStack sandbox) {
        super(scope, id, props);
        JobTarget target = new JobTarget(this, "Target", config, sandbox);
        InfraConfig.Compute compute = config.compute();
        SecurityGroup securityGroup = JobSecurityGroup.create(this, "JobSecurityGroup", target);

        LaunchTemplate instanceTemplate = LaunchTemplate.Builder.create(this, "InstanceTemplate")
                .userData(BatchInstanceUserData.create())
                .requireImdsv2(true)
                // One hop: the instance itself reaches the metadata service, a container behind the Docker bridge
                // (one more hop) does not, so a job cannot take the instance role's credentials.
                .httpPutResponseHopLimit(1)
                .build();
        ManagedEc2EcsComputeEnvironment computeEnvironment = ManagedEc2EcsComputeEnvironment.Builder
                .create(this, "SpotCompute")
                .vpc(target.vpc())
                .vpcSubnets(target.subnets())
                .securityGroups(List.of(securityGroup))
                .spot(true)
                .allocationStrategy(AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED)
                .instanceTypes(compute.batchInstanceTypes().stream().map(InstanceType::new).toList())
                .useOptimalInstanceClasses(false)
                .minvCpus(0)
                .maxvCpus(compute.batchMaxVcpus())
                .launchTemplate(instanceTemplate)
                // A deploy that changes the instance set-up is an infrastructure update: Batch replaces the instances,
                // and by default stops the jobs still running on the old ones after 30 minutes. Jobs run for hours:
                // give them Batch's longest wait, and never terminate them outright.
                .terminateOnUpdate(false)
                .updateTimeout(Duration.minutes(UPDATE_TIMEOUT_MINUTES))
                .build();
        // Without a version Batch resolves the template once, when the compute environment is created, and later
        // edits of the instance set-up would never reach an instance. The latest version number changes with every
        // edit, so CloudFormation updates the environment and Batch rolls its instances (an infrastructure update).
        ((CfnComputeEnvironment) computeEnvironment.getNode().getDefaultChild()).addPropertyOverride(
                "ComputeResources.LaunchTemplate.Version", instanceTemplate.getLatestVersionNumber());
        Nag.suppressFindings(computeEnvironment.getInstanceRole(), "AwsSolutions-IAM4",
                List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                        + "AmazonEC2ContainerServiceforEC2Role"),
                "The ECS container instance role of the Batch compute environment: AWS's managed policy is what the "
                        + "ECS agent on the instances needs (register, poll for tasks, report state), kept current by "
                        + "AWS with the agent");

        JobQueue queue = JobQueue.Builder.create(this, "Queue")
                .computeEnvironments(List.of(OrderedComputeEnvironment.builder()
                        .computeEnvironment(computeEnvironment).order(1).build()))
                .priority(1)
                .build();

        Role jobRole = Role.Builder.create(this, "JobRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("csv-to-kafka processor (Batch job)")
                .build();
        ProcessorPermissions.grant(jobRole, target, shared.table());

        Map<String, Secret> secrets = new LinkedHashMap<>();
        target.saslSecret().ifPresent(secret -> {
            secrets.put("KAFKA_SASL_USERNAME", Secret.fromSecretsManager(secret, "username"));
            secrets.put("KAFKA_SASL_PASSWORD", Secret.fromSecretsManager(secret, "password"));
        });
        EcsEc2ContainerDefinition container = EcsEc2ContainerDefinition.Builder.create(this, "Container")
                .image(ProcessorAssets.image(this, config.artifacts()))
                .cpu(compute.vcpus())
                .memory(Size.mebibytes(compute.memoryMiB()))
                .environment(environment(target, shared))
                .secrets(secrets)
                .jobRole(jobRole)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(shared.logGroup())
                        .streamPrefix(LOG_PREFIX)
                        .build()))
                .build();
        target.grantSaslSecretRead(container.getExecutionRole());
        Nag.suppressFindings(container.getExecutionRole(), "AwsSolutions-IAM5", List.of("Resource::*"),
                "ecr:GetAuthorizationToken, which pulling the image needs, has no resource-level permissions: its "
                        + "resource must be *; the pull itself is granted on the one image repository");
        EcsJobDefinition jobDefinition = EcsJobDefinition.Builder.create(this, "JobDefinition")
                .container(container)
                .retryAttempts(compute.batchRetryAttempts())
                .retryStrategies(RETRY_STRATEGIES)
                .timeout(Duration.hours(compute.jobTimeoutHours()))
                .propagateTags(true)
                .build();

        JobCommands job = JobCommands.of(target);
        List<String> submit = new ArrayList<>(List.of(
                "aws batch submit-job",
                "--region", Aws.REGION,
                "--job-name", job.batchJobName(),
                "--job-queue", queue.getJobQueueArn(),
                "--job-definition", jobDefinition.getJobDefinitionArn()));
        int shards = config.job().shards();
        if (shards > 1) {
            submit.addAll(List.of("--array-properties", "size=" + shards));
        }
        submit.addAll(List.of("--container-overrides", "'{\"environment\":" + job.environmentJson() + "}'"));
        String submitJob = String.join(" ", submit);

        CfnOutput.Builder.create(this, "JobQueueArn").value(queue.getJobQueueArn()).build();
        CfnOutput.Builder.create(this, "JobDefinitionArn").value(jobDefinition.getJobDefinitionArn()).build();
        CfnOutput.Builder.create(this, "SubmitJobCommand").value(submitJob)
                .description(shards > 1
                        ? "Starts the job as an array job of " + shards + " shards; edit " + job.variables()
                                + " for another job"
                        : "Starts the job; edit " + job.variables() + " for another job")
                .build();
        if (shards > 1) {
            CfnOutput.Builder.create(this, "ArrayStatusCommand")
                    .value("aws batch describe-jobs --region " + Aws.REGION + " --jobs ARRAY_JOB_ID --query "
                            + "'jobs[0].[status,arrayProperties.statusSummary]'")
                    .description("How many of the array job's shards are in each state; ARRAY_JOB_ID is the jobId "
                            + "submit-job printed")
                    .build();
        }
        CfnOutput.Builder.create(this, "LogsCommand")
                .value("aws logs tail --region " + Aws.REGION + " " + shared.logGroup().getLogGroupName()
                        + " --follow --log-stream-name-prefix " + LOG_PREFIX + "/")
                .build();
    }

    private static Map<String, String> environment(JobTarget target, SharedResources shared) {
        Map<String, String> env = new TreeMap<>(ProcessorEnvironment.of(target, shared.table()));
        if (target.job().sharded()) {
            env.put(SHARD_COUNT, Integer.toString(target.job().shards()));
        }
        return env;
    }
}
