package com.csvtokafka.checkpoint;

import com.csvtokafka.aws.AwsClients;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.SdkBytes;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Checkpoints as items of a DynamoDB table keyed by {@code job_id}. The lease is three attributes
 * ({@code owner}, {@code epoch}, {@code lease_expires_at}) changed only by conditional writes: taking it needs
 * it expired or absent; every later write needs (owner, epoch) unchanged, so a paused runner whose lease was
 * taken over can no longer write.
 */
public final class DynamoDbCheckpointStore implements CheckpointStore {
    private static final Logger LOG = LogManager.getLogger(DynamoDbCheckpointStore.class);

    private final DynamoDbClient dynamo;
    private final String table;
    private final String owner = Owners.thisRunner();

    public DynamoDbCheckpointStore(String table, URI endpoint, String region) {
        this.table = table;
        this.dynamo = AwsClients.configure(DynamoDbClient.builder(), endpoint, region, Set.of("job_id"))
                .httpClientBuilder(AwsClients.http())
                .build();
    }

    /**
     * Checks the table exists; creates it (on-demand, {@code job_id} key) only when asked to.
     */
    public void ensureTable(boolean create) throws IOException {
        try {
            dynamo.describeTable(b -> b.tableName(table));
        } catch (ResourceNotFoundException e) {
            if (!create) {
                throw new IllegalArgumentException("checkpoint table " + table + " does not exist: deploy "
                        + "CheckpointStack, or pass --create-table to create it (on-demand, key job_id)");
            }
            LOG.info("creating checkpoint table {} (on-demand, partition key job_id)", table);
            try {
                dynamo.createTable(b -> b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("job_id").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("job_id").attributeType(ScalarAttributeType.S)));
            } catch (ResourceInUseException alreadyCreated) {
                // another runner created it meanwhile (shards of an array job start at the same moment)
            }
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
        } catch (SdkException e) {
            String unreachable = unreachable(e);
            if (unreachable != null && unknownHost(e)) {
                throw new IllegalArgumentException(unreachable, e); // a name that does not resolve: configuration
            }
            if (unreachable != null) {
                // refused or no answer: an outage as much as a wrong port, so a failure a retry may get past (exit
                // 1, retried by Batch), not a configuration error
                throw new IOException(unreachable, e);
            }
            throw new IOException("cannot reach DynamoDB for checkpoint table " + table + ": " + e.getMessage(), e);
        }
    }

    private static boolean unknownHost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /**
     * One line on where DynamoDB was looked for and why it was not there (a host that does not resolve, nothing
     * listening, no answer), and what to pass: instead of the SDK's paragraph about an UnknownHostException. Null
     * for other failures.
     */
    private String unreachable(SdkException e) {
        String why = null;
        for (Throwable t = e; t != null && why == null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException u) {
                why = "unknown host " + u.getMessage();
            } else if (t instanceof java.net.ConnectException) {
                why = "connection refused";
            } else if (t instanceof java.net.SocketTimeoutException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                why = "no answer";
            }
        }
        if (why == null) {
            return null;
        }
        Optional<URI> endpoint = dynamo.serviceClientConfiguration().endpointOverride();
        String region = dynamo.serviceClientConfiguration().region().id();
        return "cannot reach DynamoDB for checkpoint table " + table + " at " + endpoint.map(URI::toString)
                .orElse("the AWS endpoint of region " + region) + " (" + why + ")\n" + (endpoint.isPresent()
                ? "start DynamoDB there, or pass the --dynamodb-endpoint URL where it runs (e.g. http://localhost:8000 "
                + "for DynamoDB Local), or --checkpoint-dir DIR to keep checkpoints in a directory"
                : "for a local DynamoDB pass --dynamodb-endpoint URL (e.g. http://localhost:8000); for AWS check --region "
                + "(or AWS_REGION) and the network; or pass --checkpoint-dir DIR to keep checkpoints in a directory");
    }

    @Override
    public Lease acquire(String jobId, Duration ttl) throws LeaseHeldException, IOException {
        long now = System.currentTimeMillis();
        try {
            try {
                return take(jobId, ttl, "attribute_not_exists(job_id) OR attribute_not_exists(lease_expires_at) "
                        + "OR lease_expires_at < :now", Map.of(":now", n(now)));
            } catch (ConditionalCheckFailedException e) {
                Optional<LeaseInfo> holder = leaseInfo(jobId);
                if (holder.isEmpty() || !Owners.deadOnThisHost(holder.get().owner())) {
                    throw e;
                }
                LOG.info("job {}: the lease holder {} died on this host; taking its lease over", jobId, holder.get().owner());
                return take(jobId, ttl, "#owner = :dead AND epoch = :deadEpoch",
                        Map.of(":dead", s(holder.get().owner()), ":deadEpoch", n(holder.get().epoch())));
            }
        } catch (ConditionalCheckFailedException e) {
            String holder = leaseInfo(jobId).map(l -> l.owner() + ", lease valid for another "
                    + Math.max(0, (l.expiresAtMillis() - now) / 1000) + " s").orElse("another runner");
            throw new LeaseHeldException("job " + jobId + " is already running (held by " + holder + " in table "
                    + table + "); wait for it to finish, or for its lease to expire if it died");
        } catch (SdkException e) {
            throw new IOException("cannot take the lease for job " + jobId + " in " + table + ": " + e.getMessage(), e);
        }
    }

    private Lease take(String jobId, Duration ttl, String condition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.putAll(Map.of(":me", s(owner), ":zero", n(0), ":one", n(1),
                ":expires", n(System.currentTimeMillis() + ttl.toMillis())));
        UpdateItemResponse response = dynamo.updateItem(b -> b.tableName(table).key(key(jobId))
                .updateExpression("SET #owner = :me, epoch = if_not_exists(epoch, :zero) + :one, "
                        + "lease_expires_at = :expires")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#owner", "owner"))
                .expressionAttributeValues(all)
                .returnValues(ReturnValue.ALL_NEW));
        AttributeValue generation = response.attributes().get(CheckpointAttributes.GENERATION);
        return new Lease(jobId, owner, Long.parseLong(response.attributes().get("epoch").n()),
                generation == null ? -1 : Long.parseLong(generation.n()));
    }

    @Override
    public Optional<Checkpoint> load(String jobId) throws IOException {
        return item(jobId).flatMap(CheckpointAttributes::fromMap);
    }

    @Override
    public Optional<String> resetAt(String jobId) throws IOException {
        return item(jobId).flatMap(CheckpointAttributes::resetAt);
    }

    @Override
    public void save(Lease lease, Checkpoint checkpoint, Duration ttl) throws LeaseLostException, IOException {
        Map<String, AttributeValue> item = new HashMap<>();
        CheckpointAttributes.toMap(checkpoint).forEach((k, v) -> item.put(k, value(v)));
        item.put("owner", s(lease.owner()));
        item.put("epoch", n(lease.epoch()));
        item.put("lease_expires_at", n(System.currentTimeMillis() + ttl.toMillis()));
        if (lease.generation() >= 0) { // the item is replaced whole: keep what reset recorded
            item.put(CheckpointAttributes.GENERATION, n(lease.generation()));
        }
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("#owner = :me AND epoch = :epoch")
                    .expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":me", s(lease.owner()), ":epoch", n(lease.epoch()))));
        } catch (ConditionalCheckFailedException e) {
            throw lost(lease);
        } catch (SdkException e) {
            throw new IOException("cannot write checkpoint of job " + lease.jobId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void renew(Lease lease, Duration ttl) throws LeaseLostException, IOException {
        conditionalLeaseUpdate(lease, System.currentTimeMillis() + ttl.toMillis());
    }

    @Override
    public void release(Lease lease) throws IOException {
        try {
            conditionalLeaseUpdate(lease, 0);
        } catch (LeaseLostException e) {
            LOG.debug("lease of job {} already taken over; nothing to release", lease.jobId());
        }
    }

    @Override
    public long reset(String jobId) throws LeaseHeldException, IOException {
        long now = System.currentTimeMillis();
        Map<String, Object> reset = CheckpointAttributes.resetItem(jobId, item(jobId).orElseGet(Map::of));
        Map<String, AttributeValue> item = new HashMap<>();
        reset.forEach((k, v) -> item.put(k, value(v)));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(lease_expires_at) OR lease_expires_at < :now")
                    .expressionAttributeValues(Map.of(":now", n(now))));
            deleteInputs(jobId);
            return CheckpointAttributes.generation(reset);
        } catch (ConditionalCheckFailedException e) {
            throw new LeaseHeldException("job " + jobId + " is running (its lease is live); stop it before resetting");
        } catch (SdkException e) {
            throw new IOException("cannot delete checkpoint of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pinned input set, gzipped, in items of its own beside the checkpoint: {@code <job-id>#inputs#0}, #1, ...
     * each under DynamoDB's 400 KB item limit (a set of 100,000 S3 keys gzips to a few MB, about ten items). Job ids
     * cannot hold {@code #}, so these keys never meet a job's own. Item 0 is written last and says how many there
     * are, so a set is either whole or absent.
     */
    @Override
    public void saveInputs(Lease lease, String inputs, Duration ttl) throws LeaseLostException, IOException {
        renew(lease, ttl); // only the lease holder writes: fails when the lease is lost
        byte[] zipped = gzip(inputs.getBytes(StandardCharsets.UTF_8));
        int chunks = Math.max(1, (zipped.length + INPUTS_CHUNK - 1) / INPUTS_CHUNK);
        try {
            for (int i = chunks - 1; i >= 0; i--) {
                int from = i * INPUTS_CHUNK;
                byte[] part = Arrays.copyOfRange(zipped, from, Math.min(zipped.length, from + INPUTS_CHUNK));
                Map<String, AttributeValue> item = new HashMap<>(key(inputsKey(lease.jobId(), i)));
                item.put("data", AttributeValue.fromB(SdkBytes.fromByteArray(part)));
                if (i == 0) {
                    item.put("chunks", n(chunks));
                }
                dynamo.putItem(b -> b.tableName(table).item(item));
            }
        } catch (SdkException e) {
            throw new IOException("cannot record the input set of job " + lease.jobId() + " in " + table + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> loadInputs(String jobId) throws IOException {
        try {
            Map<String, AttributeValue> first = dynamo.getItem(b -> b.tableName(table).key(key(inputsKey(jobId, 0)))
                    .consistentRead(true)).item();
            if (first == null || first.isEmpty()) {
                return Optional.empty();
            }
            int chunks = Integer.parseInt(first.get("chunks").n());
            java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
            zipped.write(first.get("data").b().asByteArray());
            for (int i = 1; i < chunks; i++) {
                String k = inputsKey(jobId, i);
                Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(k)).consistentRead(true)).item();
                if (item == null || item.isEmpty()) {
                    throw new IOException("the input set of job " + jobId + " in " + table + " lacks its item " + k);
                }
                zipped.write(item.get("data").b().asByteArray());
            }
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(zipped.toByteArray()))) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (SdkException e) {
            throw new IOException("cannot read the input set of job " + jobId + " from " + table + ": " + e.getMessage(), e);
        }
    }

    private void deleteInputs(String jobId) throws IOException {
        try {
            Map<String, AttributeValue> first = dynamo.getItem(b -> b.tableName(table).key(key(inputsKey(jobId, 0)))
                    .consistentRead(true)).item();
            if (first == null || first.isEmpty()) {
                return;
            }
            int chunks = Integer.parseInt(first.get("chunks").n());
            for (int i = 0; i < chunks; i++) {
                String k = inputsKey(jobId, i);
                dynamo.deleteItem(b -> b.tableName(table).key(key(k)));
            }
        } catch (SdkException e) {
            throw new IOException("cannot delete the input set of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    private static final int INPUTS_CHUNK = 350 * 1024;

    private static String inputsKey(String jobId, int chunk) {
        return jobId + "#inputs#" + chunk;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    @Override
    public Optional<LeaseInfo> leaseInfo(String jobId) throws IOException {
        return item(jobId).filter(m -> m.get("owner") != null).map(m -> new LeaseInfo((String) m.get("owner"),
                ((Number) m.getOrDefault("epoch", 0L)).longValue(),
                ((Number) m.getOrDefault("lease_expires_at", 0L)).longValue()));
    }

    @Override
    public String describe() {
        return "DynamoDB table " + table;
    }

    @Override
    public void close() {
        dynamo.close();
    }

    private void conditionalLeaseUpdate(Lease lease, long expiresAt) throws LeaseLostException, IOException {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(lease.jobId()))
                    .updateExpression("SET lease_expires_at = :expires")
                    .conditionExpression("#owner = :me AND epoch = :epoch")
                    .expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":me", s(lease.owner()), ":epoch", n(lease.epoch()),
                            ":expires", n(expiresAt))));
        } catch (ConditionalCheckFailedException e) {
            throw lost(lease);
        } catch (SdkException e) {
            throw new IOException("cannot update the lease of job " + lease.jobId() + ": " + e.getMessage(), e);
        }
    }

    private LeaseLostException lost(Lease lease) {
        return new LeaseLostException("job " + lease.jobId() + " was taken over by another runner (lease epoch "
                + lease.epoch() + " is no longer current in " + table + "); this runner stops without writing");
    }

    private Optional<Map<String, Object>> item(String jobId) throws IOException {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(jobId)).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            item.forEach((k, v) -> m.put(k, v.n() != null ? (Object) Long.parseLong(v.n()) : v.s()));
            return Optional.of(m);
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException("checkpoint table " + table + " does not exist: deploy CheckpointStack "
                    + "or pass --create-table");
        } catch (SdkException e) {
            throw new IOException("cannot read checkpoint of job " + jobId + " from " + table + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, AttributeValue> key(String jobId) {
        return Map.of("job_id", s(jobId));
    }

    private static AttributeValue value(Object v) {
        return v instanceof Number number ? n(number.longValue()) : s(String.valueOf(v));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
