package com.csvtokafka.infra.stacks;

import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.logs.ILogGroup;

/** What CheckpointStack gives every compute stack. */
public record SharedResources(ITable table, ILogGroup logGroup) {

    public static SharedResources of(CheckpointStack checkpoint) {
        return new SharedResources(checkpoint.table(), checkpoint.logGroup());
    }
}
