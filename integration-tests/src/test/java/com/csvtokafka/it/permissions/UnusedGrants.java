package com.csvtokafka.it.permissions;

import java.util.Map;
import java.util.Optional;

/**
 * Actions a processor role is granted that the recorded runs cannot use, each with its reason. Anything granted,
 * not used and not here fails {@link DeployPermissionsIT}: a grant nobody can explain is a grant to remove.
 */
final class UnusedGrants {
    private static final Map<String, String> REASONS = Map.of(
            "s3:GetObjectVersion", "a job pins the versionId of objects in versioned buckets and reads them by "
                    + "version; S3Proxy's filesystem store has no versions, so local runs never send one",
            "kafka-cluster:WriteDataIdempotently", "Kafka's own authorizer implies idempotent writes from the "
                    + "transactional id (it never checks IDEMPOTENT_WRITE for a transactional producer), but MSK IAM "
                    + "documents WriteDataIdempotently for producers with enable.idempotence=true, which ours is; "
                    + "only a first run on MSK shows whether MSK asks for it (docs/deploy.md)",
            "kafka-cluster:CreateTopic", "with createTopic (the sandbox's default) a job started with --create-topic "
                    + "creates its missing topic; the runs here write to topics that exist",
            "secretsmanager:DescribeSecret", "CDK's ISecret.grantRead grants it with GetSecretValue; neither the "
                    + "boot script nor ECS call it");

    private UnusedGrants() {
    }

    static Optional<String> reason(String action, JobUnderTest job) {
        if (action.equals("dynamodb:DeleteItem") && !job.prefix()) {
            return Optional.of("reset deletes the items of a pinned input set (prefix and manifest jobs); a job of "
                    + "one object pins none, so its reset only writes the job's item");
        }
        return Optional.ofNullable(REASONS.get(action));
    }
}
