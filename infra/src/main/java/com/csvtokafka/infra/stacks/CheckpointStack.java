package com.csvtokafka.infra.stacks;

import com.csvtokafka.infra.config.InfraConfig;
import com.csvtokafka.infra.constructs.GatewayEndpoints;
import com.csvtokafka.infra.constructs.JobMonitoring;
import com.csvtokafka.infra.constructs.LogGroups;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * What every compute option shares: the DynamoDB checkpoint table (one item per job, keyed by {@code job_id}), the
 * log group all jobs write to, and the dashboard and alarms over the metrics the jobs log (the same whichever
 * compute option runs them), and with {@code gatewayEndpoints=true} the S3 and DynamoDB gateway endpoints of an
 * existing VPC. The table outlives the stack (RETAIN): it holds the progress of jobs.
 */
public final class CheckpointStack extends Stack {

    public static final String PARTITION_KEY = "job_id";

    private final Table table;
    private final LogGroup logGroup;
    private final JobMonitoring monitoring;

    public CheckpointStack(Construct scope, String id, StackProps props, InfraConfig config) {
        super(scope, id, props);
        InfraConfig.Checkpoint checkpoint = config.checkpoint();

        Table.Builder tableBuilder = Table.Builder.create(this, "Checkpoints")
                .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN);
        checkpoint.tableName().ifPresent(tableBuilder::tableName);
        table = tableBuilder.build();

        logGroup = LogGroups.create(this, "Jobs", config.deployment().logGroupName(), checkpoint.logRetentionDays());

        monitoring = new JobMonitoring(this, "Monitoring", new JobMonitoring.Settings(config.deployment(),
                config.job().jobId(),
                config.job().shards(), config.monitoring().noProgressMinutes(), config.monitoring().alarmEmail(), logGroup));

        config.network().existingVpc().filter(vpc -> !vpc.gatewayEndpointRouteTables().isEmpty()).ifPresent(vpc ->
                new GatewayEndpoints(this, "GatewayEndpoints", vpc.vpcId(), vpc.gatewayEndpointRouteTables()));

        CfnOutput.Builder.create(this, "CheckpointTableName").value(table.getTableName())
                .description("CHECKPOINT_TABLE of every job; `bin/csv-to-kafka status --checkpoint-table` reads it")
                .build();
        CfnOutput.Builder.create(this, "LogGroupName").value(logGroup.getLogGroupName())
                .description("Where every job's output goes (Fargate, Batch and EC2)")
                .build();
        CfnOutput.Builder.create(this, "DashboardUrl")
                .value("https://" + Aws.REGION + ".console.aws.amazon.com/cloudwatch/home?region=" + Aws.REGION
                        + "#dashboards:name=" + config.deployment().name())
                .description("Throughput, progress, ETA, commit latency, errors, resumes and alarms of the jobs")
                .build();
        monitoring.topic().ifPresent(topic -> CfnOutput.Builder.create(this, "AlarmTopicArn")
                .value(topic.getTopicArn())
                .description("Alarm notifications; confirm the subscription email AWS sends before any arrive")
                .build());
    }

    public ITable table() {
        return table;
    }

    public ILogGroup logGroup() {
        return logGroup;
    }

    public JobMonitoring monitoring() {
        return monitoring;
    }
}
