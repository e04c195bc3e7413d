package com.csvtokafka.infra;

import com.csvtokafka.infra.config.Deployment;
import com.csvtokafka.infra.config.InfraConfig;
import com.csvtokafka.infra.stacks.BatchSpotStack;
import com.csvtokafka.infra.stacks.CheckpointStack;
import com.csvtokafka.infra.stacks.Ec2SpotStack;
import com.csvtokafka.infra.stacks.FargateStack;
import com.csvtokafka.infra.stacks.SandboxStack;
import com.csvtokafka.infra.stacks.SharedResources;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: five stacks, each deployable by name. Stacks are environment-agnostic (account and region come
 * from the deploying credentials), so synth needs neither credentials nor lookups.
 */
public final class InfraApp {

    /** Resource types the project tag is kept off. */
    static final List<String> UNTAGGED_RESOURCE_TYPES = List.of("AWS::CloudWatch::Dashboard");

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            build(app);
        } catch (IllegalArgumentException e) {
            // A configuration mistake: the message says what to change; a stack trace would only bury it.
            System.err.println(e.getMessage());
            System.exit(2);
        }
        app.synth();
    }

    /** Adds every stack to {@code app}; tests call this with their own context. */
    public static Stacks build(App app) {
        InfraConfig config = InfraConfig.fromContext(key -> app.getNode().tryGetContext(key));
        // Not on dashboards: CloudFormation's schema for AWS::CloudWatch::Dashboard has no Tags in some regions
        // (us-east-1 among them), and cfn-lint rejects the template there (E3002).
        TagProps untagged = TagProps.builder().excludeResourceTypes(UNTAGGED_RESOURCE_TYPES).build();
        Tags.of(app).add("project", Naming.PROJECT, untagged);
        Tags.of(app).add("deployment", config.deployment().name(), untagged);

        Deployment deployment = config.deployment();
        CheckpointStack checkpoint = new CheckpointStack(app, "CheckpointStack", props(deployment, "CheckpointStack",
                "checkpoint table, job logs, dashboard and alarms"), config);
        SandboxStack sandbox = new SandboxStack(app, "SandboxStack", props(deployment, "SandboxStack",
                "sandbox VPC, MSK Serverless cluster and bucket (billed while deployed)"), deployment,
                config.checkpoint().logRetentionDays());
        SharedResources shared = SharedResources.of(checkpoint);

        FargateStack fargate = new FargateStack(app, "FargateStack", props(deployment, "FargateStack",
                "jobs as ECS Fargate tasks"), config, shared, sandbox);
        BatchSpotStack batch = new BatchSpotStack(app, "BatchSpotStack", props(deployment, "BatchSpotStack",
                "jobs on AWS Batch with EC2 Spot"), config, shared, sandbox);
        Ec2SpotStack ec2 = new Ec2SpotStack(app, "Ec2SpotStack", props(deployment, "Ec2SpotStack",
                "one job per one-time EC2 Spot instance"), config, shared, sandbox);
        return new Stacks(checkpoint, sandbox, fargate, batch, ec2);
    }

    /**
     * The stack keeps its id (so {@code bin/deploy FargateStack -c deployment=NAME} selects it) and takes the
     * deployment's stack name.
     */
    private static StackProps props(Deployment deployment, String id, String description) {
        String prefix = deployment.isDefault() ? Naming.PROJECT : Naming.PROJECT + " (" + deployment.name() + ")";
        return StackProps.builder().stackName(deployment.stackName(id)).description(prefix + ": " + description).build();
    }

    public record Stacks(CheckpointStack checkpoint, SandboxStack sandbox, FargateStack fargate,
                         BatchSpotStack batch, Ec2SpotStack ec2) {

        public List<Stack> all() {
            return List.of(checkpoint, sandbox, fargate, batch, ec2);
        }
    }
}
