package com.csvtokafka.infra.stacks;

import com.csvtokafka.infra.Naming;
import com.csvtokafka.infra.config.InfraConfig;
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
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * What every compute option shares: the DynamoDB checkpoint table (one item per job, keyed by {@code job_id}) and
 * the log group all jobs write to. The table outlives the stack (RETAIN): it holds the progress of jobs.
 */
public final class CheckpointStack extends Stack {

    public static final String PARTITION_KEY = "job_id";

    private final Table table;
    private final LogGroup logGroup;

    public CheckpointStack(Construct scope, String id, StackProps props, InfraConfig.Checkpoint config) {
        super(scope, id, props);

        Table.Builder tableBuilder = Table.Builder.create(this, "Checkpoints")
                .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN);
        config.tableName().ifPresent(tableBuilder::tableName);
        table = tableBuilder.build();

        logGroup = LogGroup.Builder.create(this, "Jobs")
                .logGroupName("/" + Naming.PROJECT + "/jobs")
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // RetentionDays has no from-days factory; the value was checked against CloudWatch's periods already.
        ((CfnLogGroup) logGroup.getNode().getDefaultChild()).setRetentionInDays(config.logRetentionDays());

        CfnOutput.Builder.create(this, "CheckpointTableName").value(table.getTableName())
                .description("CHECKPOINT_TABLE of every job; `bin/csv-to-kafka status --checkpoint-table` reads it")
                .build();
        CfnOutput.Builder.create(this, "LogGroupName").value(logGroup.getLogGroupName())
                .description("Where every job's output goes (Fargate, Batch and EC2)")
                .build();
    }

    public ITable table() {
        return table;
    }

    public ILogGroup logGroup() {
        return logGroup;
    }
}
