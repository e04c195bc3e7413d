package com.csvtokafka.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Writes one JSON line per AWS call the processor makes (env {@value #ENV}=FILE): the IAM action the call needs, the
 * resource ARN it acts on and the values IAM conditions look at, so a user sees exactly which permissions a job
 * needs and tests can evaluate them against a deployment's policies (docs/deploy.md, "Permissions").
 *
 * <p>The operation → action table is IAM's (Service Authorization Reference): {@code ListObjectsV2} needs
 * {@code s3:ListBucket} on the bucket (condition key {@code s3:prefix}); {@code HeadObject} and {@code GetObject}
 * need {@code s3:GetObject} on the object, or {@code s3:GetObjectVersion} when a versionId is sent; DynamoDB
 * operations need {@code dynamodb:<Operation>} on the table, item operations with the partition-key values that
 * {@code dynamodb:LeadingKeys} matches. A call is logged before it is sent, whatever its outcome: the permission is
 * needed to make it at all.
 */
public final class AwsCallLog implements ExecutionInterceptor {
    public static final String ENV = "AWS_CALL_LOG";
    /** Stands for the account in ARNs when the credentials do not name it (AWS_ACCOUNT_ID, a profile's aws_account_id). */
    static final String UNKNOWN_ACCOUNT = "ACCOUNT";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String account;
    private final Set<String> partitionKeys;

    /**
     * @param account       the account of table ARNs (S3 ARNs have none)
     * @param partitionKeys the attribute names that are partition keys of the tables this client writes items of
     */
    AwsCallLog(Path file, String account, Set<String> partitionKeys) {
        this.file = file;
        this.account = account;
        this.partitionKeys = Set.copyOf(partitionKeys);
    }

    /** The file named by {@value #ENV}, if set. */
    static Optional<Path> configured(Map<String, String> env) {
        return Optional.ofNullable(env.get(ENV)).filter(value -> !value.isBlank()).map(Path::of);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
        ObjectNode line = JSON.createObjectNode();
        line.put("service", service);
        line.put("operation", operation);
        describe(context.request(), operation, region == null ? "" : region.id(), line);
        append(line);
    }

    private void describe(SdkRequest request, String operation, String region, ObjectNode line) {
        if (request instanceof ListObjectsV2Request list) {
            line.put("action", "s3:ListBucket");
            line.put("resource", "arn:aws:s3:::" + list.bucket());
            line.putObject("conditions").put("s3:prefix", list.prefix() == null ? "" : list.prefix());
        } else if (request instanceof GetObjectRequest get) {
            object(line, get.bucket(), get.key(), get.versionId());
        } else if (request instanceof HeadObjectRequest head) {
            object(line, head.bucket(), head.key(), head.versionId());
        } else if (request instanceof DynamoDbRequest) {
            line.put("action", "dynamodb:" + operation);
            String table = request.getValueForField("TableName", String.class).orElse("");
            line.put("resource", "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table);
            leadingKeys(request).ifPresent(key -> line.putObject("conditions").put("dynamodb:LeadingKeys", key));
        } else {
            line.put("action", line.path("service").asText().toLowerCase() + ":" + operation);
            line.put("resource", "*");
        }
    }

    private static void object(ObjectNode line, String bucket, String key, String versionId) {
        line.put("action", versionId == null ? "s3:GetObject" : "s3:GetObjectVersion");
        line.put("resource", "arn:aws:s3:::" + bucket + "/" + key);
    }

    private Optional<String> leadingKeys(SdkRequest request) {
        Map<String, AttributeValue> key = Map.of();
        if (request instanceof GetItemRequest get) {
            key = get.key();
        } else if (request instanceof UpdateItemRequest update) {
            key = update.key();
        } else if (request instanceof DeleteItemRequest delete) {
            key = delete.key();
        } else if (request instanceof PutItemRequest put) {
            key = put.item();
        }
        return key.entrySet().stream()
                .filter(attribute -> partitionKeys.contains(attribute.getKey()))
                .map(attribute -> attribute.getValue().s())
                .findFirst();
    }

    private synchronized void append(ObjectNode line) {
        try {
            Files.write(file, (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the AWS call log " + file + " (" + ENV + ")", e);
        }
    }
}
