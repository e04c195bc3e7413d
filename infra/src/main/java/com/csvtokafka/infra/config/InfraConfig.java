package com.csvtokafka.infra.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every setting of the CDK app, read once from context and validated fail-fast. Anything left out falls back to
 * the SandboxStack (VPC, MSK Serverless cluster, bucket) or to a documented default, so {@code cdk synth --all}
 * works on a fresh clone with no {@code -c} at all and without AWS credentials (nothing is looked up).
 */
public record InfraConfig(
        ProcessorArtifacts artifacts,
        Job job,
        Kafka kafka,
        Network network,
        Compute compute,
        Checkpoint checkpoint,
        Monitoring monitoring) {

    /**
     * The processor module's directory (the image's build context, with its Dockerfile) and the fat jar in it;
     * the app ships them as a container image asset and a jar asset.
     */
    public record ProcessorArtifacts(Path imageDirectory, Path jar) {
        /** Where the processor's build puts the fat jar, relative to its module directory; the Dockerfile copies it. */
        public static final String JAR = "target/csv-to-kafka.jar";
        /** The classes a run loads, from which the Dockerfile builds a class-data-sharing archive. */
        public static final String CLASS_LIST = "src/main/cds/classes.lst";
    }

    /**
     * What the deployment may run. {@code source} empty = a prefix of the sandbox bucket ({@link #SANDBOX_PREFIX}).
     * {@code options} are processor settings passed through as environment variables (DESIGN.md §2 names).
     */
    public record Job(Optional<S3Source> source, NamePattern topic, NamePattern jobId,
                      Optional<String> dlqTopic, Optional<String> sourceKmsKeyArn, Map<String, String> options) {
    }

    /**
     * The Kafka cluster. Neither {@code bootstrapServers} nor {@code mskClusterArn} = the sandbox's MSK Serverless
     * cluster. An MSK cluster without bootstrap servers has them read from MSK at deploy time.
     */
    public record Kafka(Optional<String> bootstrapServers, Optional<String> mskClusterArn, KafkaAuth auth,
                        Optional<String> saslSecretArn, boolean createTopic, Optional<String> clientCidr) {

        public boolean usesSandbox() {
            return bootstrapServers.isEmpty() && mskClusterArn.isEmpty();
        }
    }

    /** An existing VPC, or (empty) the sandbox VPC's public subnets. */
    public record Network(Optional<ExistingVpc> existingVpc, boolean assignPublicIp) {
    }

    public record ExistingVpc(String vpcId, List<String> subnetIds, List<String> availabilityZones) {
    }

    public record Compute(int cpu, int memoryMiB, boolean fargateSpot, List<String> batchInstanceTypes,
                         int batchMaxVcpus, int batchRetryAttempts, int jobTimeoutHours, String ec2InstanceType) {

        /** Whole vCPUs for Batch, which sizes jobs in vCPUs rather than CPU units. */
        public int vcpus() {
            return Math.max(1, cpu / 1024);
        }
    }

    public record Checkpoint(Optional<String> tableName, int logRetentionDays) {
    }

    /**
     * The dashboard and alarms on the jobs' metrics (docs/metrics.md): how many minutes without a committed row make
     * a running job "stuck", and who is told when an alarm fires (none: the alarms only show in the console).
     */
    public record Monitoring(int noProgressMinutes, Optional<String> alarmEmail) {
        /**
         * Metrics Insights alarms (used for a job id prefix) evaluate only the last 3 hours, so a longer window
         * could never fill.
         */
        public static final int MAX_NO_PROGRESS_MINUTES = 180;
    }

    public static final String SANDBOX_PREFIX = "input/";
    static final String DEFAULT_TOPIC = "csv-to-kafka-*";
    static final String DEFAULT_JOB_ID = "*";
    static final Set<Integer> FARGATE_CPU = Set.of(256, 512, 1024, 2048, 4096, 8192, 16384);
    /** The retention periods CloudWatch Logs accepts. */
    public static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final String MSK_CLUSTER_ARN = "arn:aws[a-z-]*:kafka:[a-z0-9-]+:\\d{12}:cluster/[^/]+/[^/]+";
    private static final String SECRET_ARN = "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+";
    private static final String KMS_KEY_ARN = "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/.+";
    private static final String BOOTSTRAP = "[A-Za-z0-9.-]+:\\d{1,5}(,[A-Za-z0-9.-]+:\\d{1,5})*";
    private static final String CIDR = "\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}";

    /** Context keys passed to the processor unchanged, with their environment variable. */
    private static final Map<String, String> PASSTHROUGH = passthrough();

    private static Map<String, String> passthrough() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("format", "FORMAT");
        keys.put("keyMode", "KEY_MODE");
        keys.put("partition", "KAFKA_PARTITION");
        keys.put("headersMode", "HEADERS_MODE");
        keys.put("csvHeader", "CSV_HEADER");
        keys.put("csvDelimiter", "CSV_DELIMITER");
        keys.put("csvQuote", "CSV_QUOTE");
        keys.put("csvEncoding", "CSV_ENCODING");
        keys.put("onBadRow", "ON_BAD_ROW");
        keys.put("kafkaProperties", "KAFKA_PROPERTIES");
        keys.put("logLevel", "LOG_LEVEL");
        return keys;
    }

    /**
     * Reads and validates the whole configuration.
     *
     * @param context the app's context lookup ({@code key -> app.getNode().tryGetContext(key)})
     * @throws IllegalArgumentException listing every invalid or missing value
     */
    public static InfraConfig fromContext(Function<String, Object> context) {
        ContextReader ctx = new ContextReader(context);

        ProcessorArtifacts artifacts = artifacts(ctx);
        Kafka kafka = kafka(ctx);
        Job job = job(ctx);
        Network network = network(ctx, kafka);
        Compute compute = compute(ctx);
        Checkpoint checkpoint = new Checkpoint(
                ctx.matching("checkpointTableName", "[A-Za-z0-9_.-]{3,255}", "a DynamoDB table name"),
                ctx.integer("logRetentionDays", 7, 1, 3653));
        ctx.require(LOG_RETENTION_DAYS.contains(checkpoint.logRetentionDays()),
                "context 'logRetentionDays' must be one of CloudWatch's periods "
                        + LOG_RETENTION_DAYS.stream().sorted().toList() + ", got " + checkpoint.logRetentionDays());

        Monitoring monitoring = new Monitoring(
                ctx.integer("noProgressMinutes", 15, 1, Monitoring.MAX_NO_PROGRESS_MINUTES),
                ctx.matching("alarmEmail", "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", "an email address"));

        ctx.throwIfProblems();
        return new InfraConfig(artifacts, job, kafka, network, compute, checkpoint, monitoring);
    }

    private static ProcessorArtifacts artifacts(ContextReader ctx) {
        Path dir = Path.of(ctx.string("processorDir", "processor")).toAbsolutePath().normalize();
        Path jar = dir.resolve(ProcessorArtifacts.JAR);
        ctx.require(Files.isRegularFile(dir.resolve("Dockerfile")),
                "no Dockerfile in " + dir + " (context 'processorDir' names the processor module's directory)");
        ctx.require(Files.isRegularFile(jar), "processor jar " + jar + " not found: build it with "
                + "`mvn -B -pl processor -am package -DskipTests` (cdk.json's app command does this)");
        return new ProcessorArtifacts(dir, jar);
    }

    private static Kafka kafka(ContextReader ctx) {
        Optional<String> bootstrap = ctx.matching("kafkaBootstrapServers", BOOTSTRAP, "host:port[,host:port...]");
        Optional<String> clusterArn = ctx.matching("mskClusterArn", MSK_CLUSTER_ARN,
                "an MSK cluster ARN (arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID)");
        boolean sandbox = ctx.optional("kafkaBootstrapServers").isEmpty() && ctx.optional("mskClusterArn").isEmpty();
        KafkaAuth defaultAuth = sandbox || clusterArn.isPresent() ? KafkaAuth.IAM : KafkaAuth.NONE;
        KafkaAuth auth = ctx.parsed("kafkaAuth", KafkaAuth::parse, defaultAuth);
        Optional<String> secret = ctx.matching("kafkaSecretArn", SECRET_ARN, "a Secrets Manager secret ARN");

        ctx.require(!(auth == KafkaAuth.IAM && !sandbox && clusterArn.isEmpty()),
                "context 'kafkaAuth=iam' needs 'mskClusterArn' (IAM policies are scoped to the cluster, topic and "
                        + "transactional-id ARNs)");
        ctx.require(!(sandbox && auth != KafkaAuth.IAM),
                "the sandbox MSK Serverless cluster accepts only kafkaAuth=iam; for another cluster set "
                        + "'kafkaBootstrapServers' or 'mskClusterArn'");
        ctx.require(auth != KafkaAuth.SCRAM_SHA_512 || ctx.optional("kafkaSecretArn").isPresent(),
                "context 'kafkaAuth=scram-sha-512' needs 'kafkaSecretArn' (a Secrets Manager secret with JSON keys "
                        + "username and password)");
        ctx.require(ctx.optional("kafkaSecretArn").isEmpty() || auth == KafkaAuth.SCRAM_SHA_512,
                "context 'kafkaSecretArn' is only used with kafkaAuth=scram-sha-512");

        boolean createTopic = ctx.bool("createTopic").orElse(sandbox);
        Optional<String> clientCidr = ctx.matching("kafkaCidr", CIDR, "an IPv4 CIDR such as 10.0.0.0/16");
        return new Kafka(bootstrap, clusterArn, auth, secret, createTopic, clientCidr);
    }

    private static Job job(ContextReader ctx) {
        Optional<S3Source> source = ctx.parsed("sourceUri", S3Source::parse);
        NamePattern topic = ctx.parsed("topic", NamePattern::new, new NamePattern(DEFAULT_TOPIC));
        NamePattern jobId = ctx.parsed("jobId", NamePattern::new, new NamePattern(DEFAULT_JOB_ID));
        Optional<String> kmsKey = ctx.matching("sourceKmsKeyArn", KMS_KEY_ARN, "a KMS key ARN");

        ctx.oneOf("format", Set.of("json", "csv"));
        ctx.oneOf("headersMode", Set.of("all", "row", "min"));
        ctx.oneOf("csvHeader", Set.of("true", "false"));
        ctx.matching("keyMode", "none|row|column:.+", "none, row or column:NAME");
        ctx.matching("partition", "\\d+", "a partition number");
        Optional<String> onBadRow = ctx.matching("onBadRow", "fail|skip|dlq:[A-Za-z0-9._-]+",
                "fail, skip or dlq:TOPIC");
        ctx.oneOf("logLevel", Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR"));

        Map<String, String> options = new LinkedHashMap<>();
        PASSTHROUGH.forEach((key, env) -> ctx.optional(key).ifPresent(value -> options.put(env, value)));
        Optional<String> dlq = onBadRow.filter(v -> v.startsWith("dlq:")).map(v -> v.substring("dlq:".length()));
        return new Job(source, topic, jobId, dlq, kmsKey, Map.copyOf(options));
    }

    private static Network network(ContextReader ctx, Kafka kafka) {
        Optional<String> vpcId = ctx.matching("vpcId", "vpc-[0-9a-f]{8}([0-9a-f]{9})?", "a VPC id (vpc-...)");
        List<String> subnets = ctx.list("subnetIds");
        List<String> zones = ctx.list("availabilityZones");
        subnets.forEach(s -> ctx.require(s.matches("subnet-[0-9a-f]{8}([0-9a-f]{9})?"),
                "context 'subnetIds' must be subnet ids (subnet-...), got '" + s + "'"));
        ctx.require(vpcId.isEmpty() || !subnets.isEmpty(),
                "context 'vpcId' needs 'subnetIds' (comma-separated subnets the jobs run in; nothing is looked up)");
        ctx.require(ctx.optional("vpcId").isPresent() || subnets.isEmpty(), "context 'subnetIds' needs 'vpcId'");
        ctx.require(zones.isEmpty() || subnets.isEmpty() || subnets.size() % zones.size() == 0,
                "context 'availabilityZones' must divide the subnets evenly (one zone per subnet, in order)");
        ctx.require(ctx.optional("vpcId").isEmpty() || !kafka.usesSandbox(),
                "with context 'vpcId' also set 'mskClusterArn' or 'kafkaBootstrapServers': the sandbox MSK cluster "
                        + "is reachable only from the sandbox VPC");
        Optional<ExistingVpc> existing = vpcId.map(id -> new ExistingVpc(id, subnets, zones));
        boolean publicIp = ctx.bool("assignPublicIp").orElse(existing.isEmpty());
        return new Network(existing, publicIp);
    }

    private static Compute compute(ContextReader ctx) {
        int cpu = ctx.integer("cpu", 2048, 256, 16384);
        ctx.require(FARGATE_CPU.contains(cpu), "context 'cpu' must be one of Fargate's CPU units "
                + FARGATE_CPU.stream().sorted().toList() + ", got " + cpu);
        int memory = ctx.integer("memoryMiB", 4096, 512, 122880);
        int maxMemory = cpu <= 2048 ? cpu * 8 : cpu * 15 / 2;
        ctx.require(!FARGATE_CPU.contains(cpu) || (memory >= cpu * 2 && memory <= maxMemory),
                "context 'memoryMiB' must fit Fargate's range for cpu " + cpu + ": " + cpu * 2 + ".." + maxMemory
                        + " MiB, got " + memory);
        List<String> types = ctx.list("batchInstanceTypes");
        return new Compute(cpu, memory,
                ctx.bool("fargateSpot").orElse(false),
                types.isEmpty() ? List.of("m6i.large", "m6a.large", "m5.large", "m5a.large", "m7i.large") : types,
                ctx.integer("batchMaxVcpus", 16, 1, 10000),
                ctx.integer("batchRetryAttempts", 10, 1, 10),
                ctx.integer("jobTimeoutHours", 24, 1, 336),
                ctx.string("ec2InstanceType", "m6i.large"));
    }
}
