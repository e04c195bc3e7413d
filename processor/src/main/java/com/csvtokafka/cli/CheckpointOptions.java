package com.csvtokafka.cli;

import com.csvtokafka.checkpoint.CheckpointStore;
import com.csvtokafka.checkpoint.DirectoryCheckpointStore;
import com.csvtokafka.checkpoint.DynamoDbCheckpointStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which job, and where its checkpoint and lease live. */
public final class CheckpointOptions {
    @Option(names = "--job-id", paramLabel = "ID", defaultValue = "${env:JOB_ID}", required = true,
            description = "names the job: its checkpoint, lease and Kafka transactional id (env JOB_ID)")
    String jobId;

    @Option(names = "--checkpoint-table", paramLabel = "NAME", defaultValue = "${env:CHECKPOINT_TABLE}",
            description = "DynamoDB table for checkpoints, key job_id (env CHECKPOINT_TABLE)")
    String table;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", defaultValue = "${env:CHECKPOINT_DIR:-./.csv-to-kafka}",
            description = "checkpoint directory (env CHECKPOINT_DIR; default ${DEFAULT-VALUE}), used when no table is given")
    Path dir;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL", defaultValue = "${env:DYNAMODB_ENDPOINT}",
            description = "DynamoDB-compatible endpoint, e.g. DynamoDB Local (env DYNAMODB_ENDPOINT)")
    String dynamoEndpoint;

    @Option(names = "--create-table", paramLabel = "true|false", defaultValue = "${env:CREATE_TABLE:-false}", arity = "0..1",
            description = "create the checkpoint table if it is missing (env CREATE_TABLE); otherwise a missing table is an error")
    boolean createTable;

    String requireJobId() {
        return Options.require(jobId, "--job-id", "JOB_ID");
    }

    CheckpointStore open(String region) throws IOException {
        return open(table, dir, dynamoEndpoint, region, createTable);
    }

    /** The directory {@code dir} when no {@code table} is given, else the DynamoDB table. */
    static CheckpointStore open(String table, Path dir, String dynamoEndpoint, String region, boolean createTable)
            throws IOException {
        if (Options.blank(table)) {
            return new DirectoryCheckpointStore(dir);
        }
        if (!table.matches("[A-Za-z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException("--checkpoint-table must be 3-255 characters of A-Z a-z 0-9 _ - . "
                    + "(DynamoDB's rule for table names), got '" + table + "'");
        }
        DynamoDbCheckpointStore store = new DynamoDbCheckpointStore(table,
                Options.blank(dynamoEndpoint) ? null : URI.create(dynamoEndpoint), Options.blank(region) ? null : region);
        try {
            store.ensureTable(createTable);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }
}
