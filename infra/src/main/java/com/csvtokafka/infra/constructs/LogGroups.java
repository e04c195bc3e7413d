package com.csvtokafka.infra.constructs;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * Every log group the app makes, alike in every stack: kept {@code logRetentionDays} (context, default 7) and deleted
 * with its stack. Logs are diagnostics; what must outlive a stack is the checkpoint table (RETAIN), not its logs.
 */
public final class LogGroups {

    private LogGroups() {
    }

    /** @param name a physical name, or null to let CloudFormation name it after the stack */
    public static LogGroup create(Construct scope, String id, String name, int retentionDays) {
        LogGroup group = LogGroup.Builder.create(scope, id)
                .logGroupName(name)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // RetentionDays has no from-days factory; InfraConfig checked the value against CloudWatch's periods.
        ((CfnLogGroup) group.getNode().getDefaultChild()).setRetentionInDays(retentionDays);
        return group;
    }
}
