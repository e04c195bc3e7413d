package com.csvtokafka.infra.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        Deployment deployment,
        ProcessorArtifacts artifacts,
        Job job,
        Kafka kafka,
        Network network,
        Compute compute,
        Checkpoint checkpoint,
        Monitoring monitoring) {

    /**
     * The processor module's directory (the image's build context, with its Dockerfile) and the fat jar in it;
     * the app ships them as a container image asset and a jar asset. {@code baseImage} is the Dockerfile's
     * {@code BASE_IMAGE} build argument, pinned by digest so that a deploy builds on exactly the image that was tested
     * rather than whatever the tag points at that day.
     */
    public record ProcessorArtifacts(Path imageDirectory, Path jar, String baseImage) {
        /**
         * amazoncorretto:17-al2023-headless by the digest of its multi-platform index (linux/amd64 and arm64) on
         * Docker Hub. Bump it deliberately, with -c baseImage=... to try a newer one (docs/deploy.md).
         */
        public static final String DEFAULT_BASE_IMAGE = "amazoncorretto:17-al2023-headless@sha256:"
                + "0f82e79736cc6b8dd0763db1708aaa2e4d7993b41680a33536098805912d6e2e";
        /** Where the processor's build puts the fat jar, relative to its module directory; the Dockerfile copies it. */
        public static final String JAR = "target/csv-to-kafka.jar";
        /** The classes a run loads, from which the Dockerfile builds a class-data-sharing archive. */
        public static final String CLASS_LIST = "src/main/cds/classes.lst";
    }

    /**
     * What the deployment may run. {@code source} empty = a prefix of the sandbox bucket ({@link #SANDBOX_PREFIX}),
     * unless the jobs copy {@code kafkaSource}, a Kafka topic, instead.
     * {@code options} are processor settings passed through as environment variables (the names README "Usage" lists).
     * {@code shards} &gt; 1 splits each job into that many shards, {@code <job-id>.<I>} for I in 0..shards-1, run as
     * the children of an AWS Batch array job (docs/deploy.md, "Running on many machines"); 1 is one job.
     * {@code manifest}: where the jobs' manifests are (an object, or a prefix of them), when jobs are started with
     * {@code MANIFEST_URI}; the files a manifest lists must be under {@code source}. {@code maxLanes}: the most
     * producers (--lanes) a keyed job may run, which bounds its transactional ids in IAM.
     */
    public record Job(Optional<S3Source> source, Optional<KafkaSource> kafkaSource, Optional<S3Source> manifest,
                      NamePattern topic, NamePattern jobId, Optional<String> dlqTopic, Optional<String> sourceKmsKeyArn,
                      Map<String, String> options, int shards, int maxLanes) {

        public boolean sharded() {
            return shards > 1;
        }
    }

    /**
     * The Kafka cluster. Neither {@code bootstrapServers} nor {@code mskClusterArn} = the sandbox's MSK Serverless
     * cluster. An MSK cluster without bootstrap servers has them read from MSK at deploy time. For SCRAM, the
     * secret and the KMS key that encrypts it (MSK accepts only secrets under a customer managed key).
     */
    public record Kafka(Optional<String> bootstrapServers, Optional<String> mskClusterArn, KafkaAuth auth,
                        Optional<String> saslSecretArn, Optional<String> saslSecretKmsKeyArn, boolean createTopic,
                        Optional<String> clientCidr) {

        public boolean usesSandbox() {
            return bootstrapServers.isEmpty() && mskClusterArn.isEmpty();
        }
    }

    /** An existing VPC, or (empty) the sandbox VPC's public subnets. */
    public record Network(Optional<ExistingVpc> existingVpc, boolean assignPublicIp) {
    }

    /**
     * {@code gatewayEndpointRouteTables}: with {@code gatewayEndpoints=true}, the route tables that get S3 and
     * DynamoDB gateway endpoints (empty: none are made).
     */
    public record ExistingVpc(String vpcId, List<String> subnetIds, List<String> availabilityZones,
                              List<String> gatewayEndpointRouteTables) {
    }

    /**
     * Job sizes and capacity. {@code batchInstanceTypes} default to the smallest size of {@link #DEFAULT_FAMILIES}
     * that fits the job; {@code ec2InstanceTypes} are the EC2 Fleet's Spot pools (one architecture, whose Amazon
     * Linux image the launch template uses).
     */
    public record Compute(int cpu, int memoryMiB, boolean fargateSpot, List<String> batchInstanceTypes,
                         int batchMaxVcpus, int batchRetryAttempts, int jobTimeoutHours,
                         List<String> ec2InstanceTypes) {

        /** Families of the default Spot pools: general purpose x86_64, several generations and vendors. */
        public static final List<String> DEFAULT_FAMILIES = List.of("m6i", "m6a", "m5", "m5a", "m7i");

        /** Whole vCPUs for Batch, which sizes jobs in vCPUs rather than CPU units. */
        public int vcpus() {
            return vcpus(cpu);
        }

        static int vcpus(int cpu) {
            return Math.max(1, cpu / 1024);
        }

        public InstanceTypes.Architecture ec2Architecture() {
            return InstanceTypes.architecture(ec2InstanceTypes.get(0));
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
    /**
     * The default bound of a keyed job's lanes: the processor's own default is the smaller of the partitions and the
     * processors, and the largest Fargate task or default Batch job has 16 vCPUs.
     */
    static final int DEFAULT_MAX_LANES = 16;
    static final int MAX_LANES = 1_000;
    /** AWS Batch's largest array job. */
    public static final int MAX_SHARDS = 10_000;
    /** The processor's job id characters (it refuses others), optionally ending in the prefix's *. */
    private static final String JOB_ID = "[A-Za-z0-9._-]*\\*?";
    /** --partitions: all, or partition numbers and ranges (0-11, 0,2,4). */
    private static final String PARTITIONS = "all|\\d{1,6}(-\\d{1,6})?(,\\d{1,6}(-\\d{1,6})?)*";
    /** Fargate's CPU units and, for each, the memory sizes (MiB) it accepts. */
    static final Map<Integer, List<Integer>> FARGATE_MEMORY = Map.of(
            256, List.of(512, 1024, 2048),
            512, steps(1024, 4096, 1024),
            1024, steps(2048, 8192, 1024),
            2048, steps(4096, 16384, 1024),
            4096, steps(8192, 30720, 1024),
            8192, steps(16384, 61440, 4096),
            16384, steps(32768, 122880, 8192));
    /** The retention periods CloudWatch Logs accepts. */
    public static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
            400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final String MSK_CLUSTER_ARN = "arn:aws[a-z-]*:kafka:[a-z0-9-]+:\\d{12}:cluster/[^/]+/[^/]+";
    private static final String SECRET_ARN = "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+";
    private static final String KMS_KEY_ARN = "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/.+";
    private static final String BOOTSTRAP = "[A-Za-z0-9.-]+:\\d{1,5}(,[A-Za-z0-9.-]+:\\d{1,5})*";
    /** Kafka's legal topic names. */
    private static final String TOPIC = "[A-Za-z0-9._-]{1,249}";
    private static final String CIDR = "\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}";

    /** Context keys passed to the processor unchanged, with their environment variable. */
    private static final Map<String, String> PASSTHROUGH = passthrough();

    private static Map<String, String> passthrough() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("format", "FORMAT");
        keys.put("keyMode", "KEY_MODE");
        keys.put("partition", "KAFKA_PARTITION");
        keys.put("partitions", "PARTITIONS");
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

        Deployment deployment = new Deployment(ctx.matching("deployment", Deployment.PATTERN,
                "lower-case letters, digits and '-', starting with a letter, at most 32 characters")
                .filter(name -> name.matches(Deployment.PATTERN)).orElse(Deployment.DEFAULT));
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
        return new InfraConfig(deployment, artifacts, job, kafka, network, compute, checkpoint, monitoring);
    }

    private static ProcessorArtifacts artifacts(ContextReader ctx) {
        Path dir = Path.of(ctx.string("processorDir", "processor")).toAbsolutePath().normalize();
        Path jar = dir.resolve(ProcessorArtifacts.JAR);
        ctx.require(Files.isRegularFile(dir.resolve("Dockerfile")),
                "no Dockerfile in " + dir + " (context 'processorDir' names the processor module's directory)");
        ctx.require(Files.isRegularFile(jar), "processor jar " + jar + " not found: build it with "
                + "`mvn -B -pl processor -am package -DskipTests` (cdk.json's app command does this)");
        String baseImage = ctx.matching("baseImage", "[a-z0-9][a-z0-9._/:-]*@sha256:[0-9a-f]{64}",
                "an image pinned by digest, NAME[:TAG]@sha256:<64 hex digits>").orElse(ProcessorArtifacts.DEFAULT_BASE_IMAGE);
        return new ProcessorArtifacts(dir, jar, baseImage);
    }

    private static Kafka kafka(ContextReader ctx) {
        Optional<String> bootstrap = ctx.matching("kafkaBootstrapServers", BOOTSTRAP, "host:port[,host:port...]");
        Optional<String> clusterArn = ctx.matching("mskClusterArn", MSK_CLUSTER_ARN,
                "an MSK cluster ARN (arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID)");
        boolean sandbox = ctx.optional("kafkaBootstrapServers").isEmpty() && ctx.optional("mskClusterArn").isEmpty();
        KafkaAuth defaultAuth = sandbox || clusterArn.isPresent() ? KafkaAuth.IAM : KafkaAuth.NONE;
        KafkaAuth auth = ctx.parsed("kafkaAuth", KafkaAuth::parse, defaultAuth);
        Optional<String> secret = ctx.matching("kafkaSecretArn", SECRET_ARN, "a Secrets Manager secret ARN");
        Optional<String> secretKey = ctx.matching("kafkaSecretKmsKeyArn", KMS_KEY_ARN,
                "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)");

        ctx.require(!(auth == KafkaAuth.IAM && !sandbox && clusterArn.isEmpty()),
                "context 'kafkaAuth=iam' needs 'mskClusterArn' (IAM policies are scoped to the cluster, topic and "
                        + "transactional-id ARNs)");
        ctx.require(!(sandbox && auth != KafkaAuth.IAM),
                "the sandbox MSK Serverless cluster accepts only kafkaAuth=iam; for another cluster set "
                        + "'kafkaBootstrapServers' or 'mskClusterArn'");
        ctx.require(auth != KafkaAuth.SCRAM_SHA_512 || ctx.optional("kafkaSecretArn").isPresent(),
                "context 'kafkaAuth=scram-sha-512' needs 'kafkaSecretArn' (a Secrets Manager secret with JSON keys "
                        + "username and password)");
        ctx.require(auth != KafkaAuth.SCRAM_SHA_512 || ctx.optional("kafkaSecretKmsKeyArn").isPresent(),
                "context 'kafkaAuth=scram-sha-512' needs 'kafkaSecretKmsKeyArn': the ARN of the KMS key the secret is "
                        + "encrypted with (MSK accepts only secrets under a customer managed key); the jobs get "
                        + "kms:Decrypt on exactly that key, through Secrets Manager");
        ctx.require(ctx.optional("kafkaSecretArn").isEmpty() || auth == KafkaAuth.SCRAM_SHA_512,
                "context 'kafkaSecretArn' is only used with kafkaAuth=scram-sha-512");
        ctx.require(ctx.optional("kafkaSecretKmsKeyArn").isEmpty() || auth == KafkaAuth.SCRAM_SHA_512,
                "context 'kafkaSecretKmsKeyArn' is only used with kafkaAuth=scram-sha-512");
        if (secret.isPresent() && secretKey.isPresent()) {
            String secretRegion = secret.get().split(":")[3];
            String keyRegion = secretKey.get().split(":")[3];
            ctx.require(secretRegion.equals(keyRegion), "context 'kafkaSecretKmsKeyArn' is a key in " + keyRegion
                    + ", but the secret is in " + secretRegion + ": Secrets Manager encrypts with a key of its region");
        }

        boolean createTopic = ctx.bool("createTopic").orElse(sandbox);
        Optional<String> clientCidr = ctx.matching("kafkaCidr", CIDR, "an IPv4 CIDR such as 10.0.0.0/16");
        // Nothing is looked up at synth, so the brokers' addresses are unknown here: rather than open the Kafka ports
        // to the world, the deployment says where the brokers are.
        ctx.require(sandbox || ctx.optional("kafkaCidr").isPresent(),
                "context 'kafkaCidr' is required with 'mskClusterArn' or 'kafkaBootstrapServers': the CIDR of the "
                        + "brokers (e.g. the cluster's VPC or subnets, -c kafkaCidr=10.0.0.0/16), the only place the "
                        + "jobs' security group lets them reach on the Kafka ports");
        return new Kafka(bootstrap, clusterArn, auth, secret, secretKey, createTopic, clientCidr);
    }

    private static Job job(ContextReader ctx) {
        Optional<S3Source> source = ctx.parsed("sourceUri", S3Source::parse);
        NamePattern topic = ctx.parsed("topic", NamePattern::new, new NamePattern(DEFAULT_TOPIC));
        NamePattern jobId = ctx.parsed("jobId", NamePattern::new, new NamePattern(DEFAULT_JOB_ID));
        ctx.require(jobId.value().matches(JOB_ID), "context 'jobId' may hold only letters, digits, '.', '_' and '-' "
                + "(the processor's job ids), optionally ending in *, got '" + jobId.value() + "'");
        Optional<String> kmsKey = ctx.matching("sourceKmsKeyArn", KMS_KEY_ARN, "a KMS key ARN");

        ctx.oneOf("format", Set.of("json", "csv"));
        ctx.oneOf("headersMode", Set.of("all", "row", "min"));
        ctx.oneOf("csvHeader", Set.of("true", "false"));
        ctx.matching("keyMode", "none|row|column:.+", "none, row or column:NAME");
        ctx.matching("partition", "\\d+", "a partition number");
        int shards = ctx.integer("shards", 1, 1, MAX_SHARDS);
        Optional<String> partitions = ctx.matching("partitions", PARTITIONS,
                "all or a list of partitions such as 0-11 or 0,2,4");
        partitions.filter(list -> !list.equals("all")).ifPresent(list -> ctx.require(
                shards == 1 || partitionCount(list) >= shards, "context 'partitions' lists " + partitionCount(list)
                        + " partitions, but shard I writes to the I-th of them: give at least 'shards' (" + shards
                        + ") partitions, or partitions=all"));
        ctx.require(partitions.isEmpty() || shards > 1
                        || ctx.optional("keyMode").filter(mode -> mode.startsWith("column:")).isPresent(),
                "context 'partitions' without 'shards' spreads rows by key: it needs keyMode=column:NAME");
        Optional<String> onBadRow = ctx.matching("onBadRow", "fail|skip|dlq:[A-Za-z0-9._-]+",
                "fail, skip or dlq:TOPIC");
        ctx.oneOf("logLevel", Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR"));

        Map<String, String> options = new LinkedHashMap<>();
        PASSTHROUGH.forEach((key, env) -> ctx.optional(key).ifPresent(value -> options.put(env, value)));
        Optional<String> dlq = onBadRow.filter(v -> v.startsWith("dlq:")).map(v -> v.substring("dlq:".length()));
        Optional<S3Source> manifest = ctx.parsed("manifestUri", S3Source::parse);
        ctx.require(manifest.isEmpty() || source.isEmpty() || source.get().isPrefix(),
                "context 'manifestUri' needs 'sourceUri' to be a prefix (ending in / or *) holding the files the "
                        + "manifests list: a one-object sourceUri is set as SOURCE_URI, and a job takes a source or a "
                        + "manifest, not both");
        int maxLanes = ctx.integer("maxLanes", DEFAULT_MAX_LANES, 1, MAX_LANES);
        Optional<KafkaSource> kafkaSource = kafkaSource(ctx);
        ctx.require(kafkaSource.filter(KafkaSource::follow).isEmpty() || !topic.isPrefix() && !jobId.isPrefix(),
                "context 'follow=true' runs the copy as an ECS service, which starts its one job by itself: 'topic' "
                        + "and 'jobId' must be exact names, not prefixes");
        return new Job(source, kafkaSource, manifest, topic, jobId, dlq, kmsKey, Map.copyOf(options), shards, maxLanes);
    }

    /**
     * The Kafka topic the jobs copy from, when {@code sourceBootstrapServers} and {@code sourceTopic} are given; the
     * keys that only make sense with it are refused without it, and an S3 source or manifest is refused with it.
     */
    private static Optional<KafkaSource> kafkaSource(ContextReader ctx) {
        Optional<String> servers = ctx.matching("sourceBootstrapServers", BOOTSTRAP, "host:port[,host:port...]");
        Optional<String> topic = ctx.matching("sourceTopic", TOPIC,
                "a Kafka topic name (letters, digits, '.', '_' and '-')");
        Optional<String> clusterArn = ctx.matching("sourceMskClusterArn", MSK_CLUSTER_ARN,
                "an MSK cluster ARN (arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/UUID)");
        Optional<String> cidr = ctx.matching("sourceKafkaCidr", CIDR, "an IPv4 CIDR such as 10.1.0.0/16");
        Optional<Boolean> follow = ctx.bool("follow");
        boolean given = ctx.optional("sourceBootstrapServers").isPresent() || ctx.optional("sourceTopic").isPresent();
        if (!given) {
            for (String key : List.of("sourceMskClusterArn", "sourceKafkaCidr", "follow")) {
                ctx.require(ctx.optional(key).isEmpty(), "context '" + key + "' is only used with a Kafka source "
                        + "('sourceBootstrapServers' and 'sourceTopic')");
            }
            return Optional.empty();
        }
        ctx.require(ctx.optional("sourceBootstrapServers").isPresent() && ctx.optional("sourceTopic").isPresent(),
                "a Kafka source needs both 'sourceBootstrapServers' (host:port[,host:port...]) and 'sourceTopic'");
        ctx.require(ctx.optional("sourceKafkaCidr").isPresent(), "context 'sourceKafkaCidr' is required with "
                + "'sourceBootstrapServers': the CIDR of the source brokers (-c sourceKafkaCidr=10.1.0.0/16), the "
                + "only place the jobs' security group lets them reach on the source's ports");
        for (String key : List.of("sourceUri", "manifestUri", "sourceKmsKeyArn")) {
            ctx.require(ctx.optional(key).isEmpty(), "context '" + key + "' names an S3 source, but the jobs copy "
                    + "the Kafka topic 'sourceTopic': give one source");
        }
        if (servers.isEmpty() || topic.isEmpty() || cidr.isEmpty()) {
            return Optional.empty(); // each reported above
        }
        return Optional.of(new KafkaSource(servers.get(), topic.get(), clusterArn, cidr.get(), follow.orElse(false)));
    }

    /** How many partitions a list such as {@code 0-11,14} names. */
    private static int partitionCount(String list) {
        int count = 0;
        for (String part : list.split(",")) {
            int dash = part.indexOf('-');
            count += dash < 0 ? 1
                    : Math.max(0, Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1);
        }
        return count;
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
        // Off by default: a VPC often has its S3 gateway endpoint already, and a second one on the same route table
        // fails the deploy (the route to the prefix list exists).
        boolean endpoints = ctx.bool("gatewayEndpoints").orElse(false);
        List<String> routeTables = ctx.list("routeTableIds");
        routeTables.forEach(table -> ctx.require(table.matches("rtb-[0-9a-f]{8}([0-9a-f]{9})?"),
                "context 'routeTableIds' must be route table ids (rtb-...), got '" + table + "'"));
        ctx.require(!endpoints || vpcId.isPresent(), "context 'gatewayEndpoints=true' is for an existing VPC "
                + "('vpcId'): the sandbox VPC's jobs reach S3 and DynamoDB through its internet gateway");
        ctx.require(!endpoints || !routeTables.isEmpty(), "context 'gatewayEndpoints=true' needs 'routeTableIds': "
                + "the comma-separated route tables of the job subnets (nothing is looked up)");
        ctx.require(routeTables.isEmpty() || endpoints, "context 'routeTableIds' is only used with gatewayEndpoints=true");
        Optional<ExistingVpc> existing = vpcId.map(id -> new ExistingVpc(id, subnets, zones,
                endpoints ? routeTables : List.of()));
        boolean publicIp = ctx.bool("assignPublicIp").orElse(existing.isEmpty());
        return new Network(existing, publicIp);
    }

    private static Compute compute(ContextReader ctx) {
        int cpu = ctx.integer("cpu", 2048, 256, 16384);
        int memory = ctx.integer("memoryMiB", 4096, 512, 122880);
        List<Integer> fargateMemory = FARGATE_MEMORY.get(cpu);
        if (fargateMemory == null) {
            ctx.problem("context 'cpu' must be one of Fargate's CPU units "
                    + FARGATE_MEMORY.keySet().stream().sorted().toList() + ", got " + cpu);
        } else {
            ctx.require(fargateMemory.contains(memory), "context 'memoryMiB' must be one of Fargate's sizes for cpu "
                    + cpu + ": " + describe(fargateMemory) + " MiB, got " + memory);
        }
        int vcpus = Compute.vcpus(cpu);
        int maxVcpus = ctx.integer("batchMaxVcpus", 16, 1, 10000);
        ctx.require(maxVcpus >= vcpus, "context 'batchMaxVcpus' (" + maxVcpus + ") is below the " + vcpus
                + " vCPUs of one job (cpu " + cpu + "): no job could ever start");
        ctx.require(ctx.optional("ec2InstanceType").isEmpty(), "context 'ec2InstanceType' is now 'ec2InstanceTypes', "
                + "a comma-separated list of Spot pools for the EC2 Fleet (e.g. m6i.large,m6a.large,m5.large)");
        return new Compute(cpu, memory,
                ctx.bool("fargateSpot").orElse(false),
                batchInstanceTypes(ctx, vcpus, memory),
                maxVcpus,
                ctx.integer("batchRetryAttempts", 10, 1, 10),
                ctx.integer("jobTimeoutHours", 24, 1, 336),
                ec2InstanceTypes(ctx));
    }

    /**
     * The given types, if one of them can take a job of this size (Batch would otherwise leave the job RUNNABLE
     * forever), or the default families at the smallest size that fits the job.
     */
    private static List<String> batchInstanceTypes(ContextReader ctx, int vcpus, int memory) {
        List<String> types = instanceTypes(ctx, "batchInstanceTypes");
        if (types.isEmpty()) {
            return smallestFitting(vcpus, memory);
        }
        String job = vcpus + " vCPU" + (vcpus == 1 ? "" : "s") + " and " + memory + " MiB (context 'cpu' and "
                + "'memoryMiB')";
        boolean fits = false;
        List<String> sizes = new ArrayList<>();
        for (String type : types) {
            ctx.require(InstanceTypes.architecture(type) == InstanceTypes.Architecture.X86_64,
                    "context 'batchInstanceTypes': " + type + " is an arm64 (Graviton) type, but the processor "
                            + "image is built for linux/amd64");
            Optional<InstanceTypes.Size> size = InstanceTypes.size(type);
            if (InstanceTypes.isFamily(type)) {
                fits = true;
            } else if (size.isEmpty()) {
                ctx.problem("context 'batchInstanceTypes': the size of " + type + " is not known here, so a job of "
                        + job + " cannot be checked against it; use m, c or r types (m6i.xlarge) or a family (m6i)");
                fits = true;
            } else {
                fits |= size.get().vcpus() >= vcpus && size.get().jobMemoryMiB() >= memory;
                sizes.add(type + ": " + size.get().vcpus() + " vCPUs, about " + size.get().jobMemoryMiB() + " MiB");
            }
        }
        ctx.require(fits, "no type in context 'batchInstanceTypes' can run a job of " + job + ", so it would wait "
                + "in RUNNABLE forever (" + String.join("; ", sizes) + " for jobs); give larger types, e.g. "
                + "-c batchInstanceTypes=" + String.join(",", smallestFitting(vcpus, memory)));
        return types;
    }

    private static List<String> smallestFitting(int vcpus, int memory) {
        String size = InstanceTypes.SIZES.stream()
                .filter(s -> InstanceTypes.size(Compute.DEFAULT_FAMILIES.get(0) + "." + s)
                        .filter(shape -> shape.vcpus() >= vcpus && shape.jobMemoryMiB() >= memory)
                        .isPresent())
                .findFirst()
                .orElse(InstanceTypes.SIZES.get(InstanceTypes.SIZES.size() - 1));
        return Compute.DEFAULT_FAMILIES.stream().map(family -> family + "." + size).toList();
    }

    /** The EC2 Fleet's pools: sized types (the fleet launches exactly these) of one architecture. */
    private static List<String> ec2InstanceTypes(ContextReader ctx) {
        List<String> types = instanceTypes(ctx, "ec2InstanceTypes");
        if (types.isEmpty()) {
            return Compute.DEFAULT_FAMILIES.stream().map(family -> family + ".large").toList();
        }
        types.forEach(type -> ctx.require(!InstanceTypes.isFamily(type),
                "context 'ec2InstanceTypes': " + type + " needs a size (such as " + type + ".large)"));
        ctx.require(types.stream().map(InstanceTypes::architecture).distinct().count() == 1,
                "context 'ec2InstanceTypes' mixes x86_64 and arm64 (Graviton) types " + types + ": the launch "
                        + "template has one Amazon Linux image, so give types of one architecture");
        return types;
    }

    /** A list of instance type names; empty when absent or when a name is invalid (reported as a problem). */
    private static List<String> instanceTypes(ContextReader ctx, String key) {
        List<String> types = ctx.list(key);
        List<String> invalid = types.stream().filter(type -> !InstanceTypes.isValidName(type)).toList();
        invalid.forEach(type -> ctx.problem("context '" + key + "': '" + type + "' is not an EC2 instance type "
                + "(such as m6i.large) or family (m6i)"));
        return invalid.isEmpty() ? types : List.of();
    }

    private static List<Integer> steps(int from, int to, int step) {
        List<Integer> values = new ArrayList<>();
        for (int value = from; value <= to; value += step) {
            values.add(value);
        }
        return List.copyOf(values);
    }

    private static String describe(List<Integer> values) {
        if (values.size() <= 3) {
            return values.toString();
        }
        return values.get(0) + ".." + values.get(values.size() - 1) + " in steps of " + (values.get(1) - values.get(0));
    }
}
