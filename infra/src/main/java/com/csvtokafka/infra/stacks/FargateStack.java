package com.csvtokafka.infra.stacks;

import com.csvtokafka.infra.Naming;
import com.csvtokafka.infra.config.InfraConfig;
import com.csvtokafka.infra.config.KafkaSource;
import com.csvtokafka.infra.constructs.JobCommands;
import com.csvtokafka.infra.constructs.JobSecurityGroup;
import com.csvtokafka.infra.constructs.JobTarget;
import com.csvtokafka.infra.constructs.Nag;
import com.csvtokafka.infra.constructs.ProcessorAssets;
import com.csvtokafka.infra.constructs.ProcessorEnvironment;
import com.csvtokafka.infra.constructs.ProcessorPermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * Runs a job as one ECS Fargate task. {@code stopTimeout} is Fargate's maximum, 120 s: a stop request or a
 * FARGATE_SPOT interruption sends SIGTERM and the processor commits, checkpoints and exits 3 within it. A task
 * that stopped that way is resumed by running the same command again. A copy that follows a Kafka topic
 * ({@code follow=true}) never ends by itself: it runs as an ECS service of one task, which ECS replaces whenever it
 * stops, and whose deployments stop the old task before they start the new one (two copies of one job never run
 * at once: the second would only wait for the first's lease).
 */
public final class FargateStack extends Stack {

    public static final String LOG_PREFIX = "fargate";
    static final Duration STOP_TIMEOUT = Duration.seconds(120);

    public FargateStack(Construct scope, String id, StackProps props, InfraConfig config, SharedResources shared,
                        SandboxStack sandbox) {
        super(scope, id, props);
        JobTarget target = new JobTarget(this, "Target", config, sandbox);

        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(target.vpc())
                .enableFargateCapacityProviders(true)
                // CPU and memory of the task definition's tasks: what sizing -c cpu / -c memoryMiB needs to see
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();

        Role taskRole = Role.Builder.create(this, "TaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("csv-to-kafka processor (Fargate task)")
                .build();
        ProcessorPermissions.grant(taskRole, target, shared.table());

        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
                .family(config.deployment().name())
                .cpu(config.compute().cpu())
                .memoryLimitMiB(config.compute().memoryMiB())
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .taskRole(taskRole)
                .build();

        Map<String, Secret> secrets = new LinkedHashMap<>();
        target.saslSecret().ifPresent(secret -> {
            secrets.put("KAFKA_SASL_USERNAME", Secret.fromSecretsManager(secret, "username"));
            secrets.put("KAFKA_SASL_PASSWORD", Secret.fromSecretsManager(secret, "password"));
        });
        task.addContainer(Naming.CONTAINER, ContainerDefinitionOptions.builder()
                .containerName(Naming.CONTAINER)
                .image(ProcessorAssets.image(this, config.artifacts()))
                .environment(ProcessorEnvironment.of(target, shared.table()))
                .secrets(secrets)
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(shared.logGroup())
                        .streamPrefix(LOG_PREFIX)
                        .build()))
                .stopTimeout(STOP_TIMEOUT)
                .essential(true)
                .build());
        target.grantSaslSecretRead(task.getExecutionRole());
        Nag.suppress(task, "AwsSolutions-ECS2",
                "The environment holds only settings (README, Usage: every option also comes from an environment "
                        + "variable): source URI, topic, bootstrap servers, table name; the SCRAM credentials are "
                        + "ECS secrets from Secrets Manager");
        Nag.suppressFindings(task.getExecutionRole(), "AwsSolutions-IAM5", List.of("Resource::*"),
                "ecr:GetAuthorizationToken, which pulling the image needs, has no resource-level permissions: its "
                        + "resource must be *; the pull itself is granted on the one image repository");

        SecurityGroup securityGroup = JobSecurityGroup.create(this, "JobSecurityGroup", target);
        String subnetIds = Fn.join(",", target.subnetIds());

        CfnOutput.Builder.create(this, "ClusterName").value(cluster.getClusterName()).build();
        CfnOutput.Builder.create(this, "TaskDefinitionArn").value(task.getTaskDefinitionArn()).build();
        CfnOutput.Builder.create(this, "SecurityGroupId").value(securityGroup.getSecurityGroupId()).build();
        CfnOutput.Builder.create(this, "SubnetIds").value(subnetIds).build();
        if (target.kafkaSource().filter(KafkaSource::follow).isPresent()) {
            FargateService service = followingService(config, target, cluster, task, securityGroup);
            CfnOutput.Builder.create(this, "ServiceName").value(service.getServiceName())
                    .description("The following copy; aws ecs update-service --desired-count 0 stops it "
                            + "(SIGTERM: it commits)")
                    .build();
        } else {
            runTaskCommand(config, target, cluster, task, securityGroup, subnetIds);
        }
        CfnOutput.Builder.create(this, "LogsCommand")
                .value("aws logs tail --region " + Aws.REGION + " " + shared.logGroup().getLogGroupName()
                        + " --follow --log-stream-name-prefix " + LOG_PREFIX + "/")
                .build();
    }

    /**
     * desiredCount 1 with minHealthyPercent 0 and maxHealthyPercent 100: a deployment stops the running task (SIGTERM,
     * commit) before it starts its replacement. The circuit breaker rolls back a deployment whose task cannot keep
     * running (a wrong image or setting) instead of replacing it forever.
     */
    private FargateService followingService(InfraConfig config, JobTarget target, Cluster cluster,
                                            FargateTaskDefinition task, SecurityGroup securityGroup) {
        String capacityProvider = config.compute().fargateSpot() ? "FARGATE_SPOT" : "FARGATE";
        FargateService service = FargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(1)
                .minHealthyPercent(0)
                .maxHealthyPercent(100)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .capacityProviderStrategies(List.of(CapacityProviderStrategy.builder()
                        .capacityProvider(capacityProvider).weight(1).build()))
                .vpcSubnets(target.subnets())
                .securityGroups(List.of(securityGroup))
                .assignPublicIp(target.assignPublicIp())
                .build();
        // On the whole cluster, so also on the capacity provider association CDK adds to it at synth: a service whose
        // strategy names a provider not yet associated with the cluster fails to create.
        service.getNode().addDependency(cluster);
        return service;
    }

    private void runTaskCommand(InfraConfig config, JobTarget target, Cluster cluster, FargateTaskDefinition task,
                                SecurityGroup securityGroup, String subnetIds) {
        JobCommands job = JobCommands.of(target);
        String capacity = config.compute().fargateSpot()
                ? "--capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=1"
                : "--launch-type FARGATE";
        String runTask = String.join(" ", List.of(
                "aws ecs run-task",
                "--region", Aws.REGION,
                "--cluster", cluster.getClusterName(),
                "--task-definition", task.getTaskDefinitionArn(),
                "--count 1",
                capacity,
                "--network-configuration",
                "'awsvpcConfiguration={subnets=[" + subnetIds + "],securityGroups=["
                        + securityGroup.getSecurityGroupId() + "],assignPublicIp="
                        + (target.assignPublicIp() ? "ENABLED" : "DISABLED") + "}'",
                "--overrides",
                "'{\"containerOverrides\":[{\"name\":\"" + Naming.CONTAINER + "\",\"environment\":"
                        + job.environmentJson() + "}]}'"));

        CfnOutput.Builder.create(this, "RunTaskCommand").value(runTask)
                .description("Starts (or resumes) the job; edit " + job.variables() + " for another job")
                .build();
    }
}
