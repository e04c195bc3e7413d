package com.csvtokafka.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.infra.TestApps;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfraConfigTest {

    private static InfraConfig read(Map<String, String> context) {
        Map<String, String> all = new HashMap<>(context);
        all.putIfAbsent("processorDir", TestApps.processorDir().toString());
        return InfraConfig.fromContext(all::get);
    }

    @Test
    void noContextMeansTheSandboxWithPrefixesAndDocumentedDefaults() {
        InfraConfig config = read(Map.of());
        assertThat(config.kafka().usesSandbox()).isTrue();
        assertThat(config.kafka().auth()).isEqualTo(KafkaAuth.IAM);
        assertThat(config.kafka().createTopic()).isTrue();
        assertThat(config.job().source()).isEmpty();
        assertThat(config.job().topic()).isEqualTo(new NamePattern("csv-to-kafka-*"));
        assertThat(config.job().jobId().isPrefix()).isTrue();
        assertThat(config.network().existingVpc()).isEmpty();
        assertThat(config.network().assignPublicIp()).isTrue();
        assertThat(config.checkpoint().logRetentionDays()).isEqualTo(7);
        assertThat(config.compute().cpu()).isEqualTo(2048);
        assertThat(config.compute().memoryMiB()).isEqualTo(4096);
        assertThat(config.compute().vcpus()).isEqualTo(2);
        assertThat(config.compute().batchRetryAttempts()).isEqualTo(10);
        assertThat(config.monitoring().noProgressMinutes()).isEqualTo(15);
        assertThat(config.monitoring().alarmEmail()).isEmpty();
        assertThat(config.job().shards()).isEqualTo(1);
        assertThat(config.job().sharded()).isFalse();
    }

    @Test
    void shardsAreAWholeNumberUpToBatchsLargestArrayAndPartitionsPassThrough() {
        InfraConfig config = read(Map.of("shards", "12", "partitions", "0-11"));
        assertThat(config.job().shards()).isEqualTo(12);
        assertThat(config.job().sharded()).isTrue();
        assertThat(config.job().options()).containsEntry("PARTITIONS", "0-11");
        assertThat(read(Map.of("shards", "10000", "partitions", "all")).job().shards()).isEqualTo(10_000);
        assertThat(read(Map.of("shards", "3", "partitions", "0,4-5,9")).job().options())
                .containsEntry("PARTITIONS", "0,4-5,9");

        assertThatThrownBy(() -> read(Map.of("shards", "0"))).hasMessageContaining(
                "context 'shards' must be between 1 and 10000, got 0");
        assertThatThrownBy(() -> read(Map.of("shards", "10001"))).hasMessageContaining(
                "context 'shards' must be between 1 and 10000, got 10001");
        assertThatThrownBy(() -> read(Map.of("shards", "two"))).hasMessageContaining(
                "context 'shards' must be a whole number, got 'two'");
    }

    @Test
    void partitionsMustNameOneForEveryShardOrComeWithAKeyColumn() {
        assertThatThrownBy(() -> read(Map.of("shards", "4", "partitions", "0-2")))
                .hasMessageContaining("context 'partitions' lists 3 partitions, but shard I writes to the I-th of "
                        + "them: give at least 'shards' (4) partitions, or partitions=all");
        assertThatThrownBy(() -> read(Map.of("partitions", "0-11")))
                .hasMessageContaining("context 'partitions' without 'shards' spreads rows by key: it needs "
                        + "keyMode=column:NAME");
        assertThat(read(Map.of("partitions", "all", "keyMode", "column:customer")).job().options())
                .containsEntry("PARTITIONS", "all").containsEntry("KEY_MODE", "column:customer");
        assertThatThrownBy(() -> read(Map.of("shards", "2", "partitions", "0;1")))
                .hasMessageContaining("context 'partitions' must be all or a list of partitions such as 0-11 or "
                        + "0,2,4, got '0;1'");
    }

    @Test
    void jobIdsHoldOnlyWhatTheProcessorAccepts() {
        assertThat(read(Map.of("jobId", "orders_2024.v2")).job().jobId().value()).isEqualTo("orders_2024.v2");
        assertThat(read(Map.of("jobId", "orders-*")).job().jobId().isPrefix()).isTrue();
        assertThatThrownBy(() -> read(Map.of("jobId", "orders 2024'")))
                .hasMessageContaining("context 'jobId' may hold only letters, digits, '.', '_' and '-'");
    }

    @Test
    void monitoringTakesMinutesAndAnEmailAndRejectsWhatCannotWork() {
        InfraConfig config = read(Map.of("noProgressMinutes", "45", "alarmEmail", "ops@example.com"));
        assertThat(config.monitoring().noProgressMinutes()).isEqualTo(45);
        assertThat(config.monitoring().alarmEmail()).contains("ops@example.com");
        assertThatThrownBy(() -> read(Map.of("noProgressMinutes", "181", "alarmEmail", "ops")))
                .hasMessageContaining("context 'noProgressMinutes' must be between 1 and 180, got 181")
                .hasMessageContaining("context 'alarmEmail' must be an email address, got 'ops'");
        assertThatThrownBy(() -> read(Map.of("noProgressMinutes", "0")))
                .hasMessageContaining("context 'noProgressMinutes' must be between 1 and 180");
    }

    @Test
    void givenClusterMeansIamAndNoTopicCreationByDefault() {
        InfraConfig config = read(Map.of("mskClusterArn", "arn:aws:kafka:us-east-1:123456789012:cluster/c/u-1",
                "kafkaCidr", "10.0.0.0/16"));
        assertThat(config.kafka().usesSandbox()).isFalse();
        assertThat(config.kafka().auth()).isEqualTo(KafkaAuth.IAM);
        assertThat(config.kafka().createTopic()).isFalse();
    }

    @Test
    void gatewayEndpointsNeedAnExistingVpcAndItsRouteTables() {
        Map<String, String> vpc = Map.of("vpcId", "vpc-0123456789abcdef0", "subnetIds", "subnet-0aaaaaaaaaaaaaaa1",
                "kafkaBootstrapServers", "k:9092", "kafkaCidr", "10.0.0.0/16");
        assertThat(read(vpc).network().existingVpc().orElseThrow().gatewayEndpointRouteTables()).isEmpty();
        Map<String, String> endpoints = new HashMap<>(vpc);
        endpoints.put("gatewayEndpoints", "true");
        assertThatThrownBy(() -> read(endpoints)).hasMessageContaining("needs 'routeTableIds'");
        endpoints.put("routeTableIds", "rtb-0aaaaaaaaaaaaaaa1");
        assertThat(read(endpoints).network().existingVpc().orElseThrow().gatewayEndpointRouteTables())
                .containsExactly("rtb-0aaaaaaaaaaaaaaa1");
        assertThatThrownBy(() -> read(Map.of("gatewayEndpoints", "true")))
                .hasMessageContaining("context 'gatewayEndpoints=true' is for an existing VPC");
    }

    @Test
    void theDeploymentNameFitsEveryNameDerivedFromIt() {
        assertThat(read(Map.of()).deployment().name()).isEqualTo("csv-to-kafka");
        assertThat(read(Map.of("deployment", "orders-eu")).deployment().stackName("FargateStack"))
                .isEqualTo("orders-eu-FargateStack");
        assertThat(read(Map.of()).deployment().stackName("FargateStack")).isEqualTo("FargateStack");
        assertThatThrownBy(() -> read(Map.of("deployment", "Orders_EU")))
                .hasMessageContaining("context 'deployment' must be lower-case letters, digits and '-'");
        assertThatThrownBy(() -> read(Map.of("deployment", "a".repeat(33))))
                .hasMessageContaining("context 'deployment' must be");
    }

    @Test
    void theBaseImageMustBePinnedByDigest() {
        assertThat(read(Map.of()).artifacts().baseImage()).matches("amazoncorretto:17-al2023-headless@sha256:[0-9a-f]{64}");
        assertThatThrownBy(() -> read(Map.of("baseImage", "amazoncorretto:17-al2023-headless")))
                .hasMessageContaining("context 'baseImage' must be an image pinned by digest");
    }

    @Test
    void aClusterOtherThanTheSandboxsNeedsKafkaCidrRatherThanEgressToTheWorld() {
        assertThatThrownBy(() -> read(Map.of("mskClusterArn", "arn:aws:kafka:us-east-1:123456789012:cluster/c/u-1")))
                .hasMessageContaining("context 'kafkaCidr' is required with 'mskClusterArn' or 'kafkaBootstrapServers'");
        assertThatThrownBy(() -> read(Map.of("kafkaBootstrapServers", "kafka-1:9092")))
                .hasMessageContaining("context 'kafkaCidr' is required");
        assertThat(read(Map.of()).kafka().clientCidr()).as("the sandbox's VPC is known").isEmpty();
    }

    @Test
    void manifestsNeedAPrefixSourceForTheFilesTheyList() {
        assertThatThrownBy(() -> read(Map.of("sourceUri", "s3://b/exports/orders.csv",
                "manifestUri", "s3://b/manifests/")))
                .hasMessageContaining("context 'manifestUri' needs 'sourceUri' to be a prefix");
        InfraConfig config = read(Map.of("sourceUri", "s3://b/exports/", "manifestUri", "s3://b/manifests/"));
        assertThat(config.job().manifest()).contains(S3Source.parse("s3://b/manifests/"));
        assertThat(read(Map.of("manifestUri", "s3://b/manifests/run.txt")).job().manifest()).isPresent();
    }

    @Test
    void lanesAreBoundedBy16UnlessSaid() {
        assertThat(read(Map.of()).job().maxLanes()).isEqualTo(16);
        assertThat(read(Map.of("maxLanes", "64")).job().maxLanes()).isEqualTo(64);
        assertThatThrownBy(() -> read(Map.of("maxLanes", "0"))).hasMessageContaining("context 'maxLanes' must be");
    }

    @Test
    void plainBootstrapServersMeanNoAuthUnlessSaid() {
        assertThat(read(Map.of("kafkaBootstrapServers", "kafka-1:9092", "kafkaCidr", "10.1.0.0/24")).kafka().auth())
                .isEqualTo(KafkaAuth.NONE);
        assertThat(read(Map.of("kafkaBootstrapServers", "kafka-1:9094", "kafkaAuth", "tls", "kafkaCidr", "10.1.0.0/24"))
                .kafka().auth())
                .isEqualTo(KafkaAuth.TLS);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> read(Map.of("cpu", "300", "logRetentionDays", "8", "kafkaAuth", "kerberos",
                "sourceUri", "http://x/y", "topic", "a*b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("context 'cpu' must be one of Fargate's CPU units")
                .hasMessageContaining("context 'logRetentionDays' must be one of CloudWatch's periods")
                .hasMessageContaining("context 'kafkaAuth': 'kerberos' is not one of none|tls|iam|scram-sha-512")
                .hasMessageContaining("context 'sourceUri': 'http://x/y' is not an s3://bucket/key URI")
                .hasMessageContaining("context 'topic': 'a*b' may contain '*' only as its last character");
    }

    @Test
    void existingVpcNeedsSubnetsAndAClusterItCanReach() {
        assertThatThrownBy(() -> read(Map.of("vpcId", "vpc-0123456789abcdef0")))
                .hasMessageContaining("context 'vpcId' needs 'subnetIds'")
                .hasMessageContaining("also set 'mskClusterArn' or 'kafkaBootstrapServers'");
        assertThatThrownBy(() -> read(Map.of("subnetIds", "subnet-0123456789abcdef0")))
                .hasMessageContaining("context 'subnetIds' needs 'vpcId'");
        assertThatThrownBy(() -> read(Map.of("vpcId", "vpc-1", "subnetIds", "sn-1",
                "kafkaBootstrapServers", "k:9092")))
                .hasMessageContaining("context 'vpcId' must be a VPC id")
                .hasMessageContaining("context 'subnetIds' must be subnet ids");
    }

    @Test
    void iamAuthNeedsTheClusterArnToScopeItsPolicies() {
        assertThatThrownBy(() -> read(Map.of("kafkaBootstrapServers", "b-1:9098", "kafkaAuth", "iam")))
                .hasMessageContaining("context 'kafkaAuth=iam' needs 'mskClusterArn'");
        assertThatThrownBy(() -> read(Map.of("mskClusterArn", "arn:aws:kafka:us-east-1:123:cluster/x")))
                .hasMessageContaining("context 'mskClusterArn' must be an MSK cluster ARN");
    }

    @Test
    void scramNeedsItsSecretAndTheSandboxOnlySpeaksIam() {
        assertThatThrownBy(() -> read(Map.of("kafkaBootstrapServers", "b-1:9096", "kafkaAuth", "scram-sha-512")))
                .hasMessageContaining("needs 'kafkaSecretArn'");
        assertThatThrownBy(() -> read(Map.of("kafkaAuth", "tls")))
                .hasMessageContaining("the sandbox MSK Serverless cluster accepts only kafkaAuth=iam");
    }

    @Test
    void fargateTakesOnlyItsCpuAndMemoryCombinations() {
        assertThatThrownBy(() -> read(Map.of("cpu", "1024", "memoryMiB", "512")))
                .hasMessageContaining("context 'memoryMiB' must be one of Fargate's sizes for cpu 1024: "
                        + "2048..8192 in steps of 1024 MiB, got 512");
        assertThatThrownBy(() -> read(Map.of("cpu", "1024", "memoryMiB", "3000")))
                .hasMessageContaining("for cpu 1024: 2048..8192 in steps of 1024 MiB, got 3000");
        assertThatThrownBy(() -> read(Map.of("cpu", "256", "memoryMiB", "1536")))
                .hasMessageContaining("for cpu 256: [512, 1024, 2048] MiB, got 1536");
        assertThatThrownBy(() -> read(Map.of("cpu", "8192", "memoryMiB", "18432")))
                .hasMessageContaining("for cpu 8192: 16384..61440 in steps of 4096 MiB, got 18432");
        assertThatThrownBy(() -> read(Map.of("cpu", "16384", "memoryMiB", "36864")))
                .hasMessageContaining("for cpu 16384: 32768..122880 in steps of 8192 MiB");
        assertThat(read(Map.of("cpu", "4096", "memoryMiB", "30720")).compute().memoryMiB()).isEqualTo(30720);
        assertThat(read(Map.of("cpu", "256", "memoryMiB", "2048")).compute().memoryMiB()).isEqualTo(2048);
        assertThat(read(Map.of("cpu", "16384", "memoryMiB", "122880")).compute().memoryMiB()).isEqualTo(122880);
    }

    @Test
    void batchTypesThatCannotHoldTheJobAreRefusedWithWhatWouldFit() {
        assertThatThrownBy(() -> read(Map.of("cpu", "4096", "memoryMiB", "8192",
                "batchInstanceTypes", "m6i.large,m5.large")))
                .hasMessageContaining("no type in context 'batchInstanceTypes' can run a job of 4 vCPUs and 8192 MiB")
                .hasMessageContaining("RUNNABLE forever")
                .hasMessageContaining("m6i.large: 2 vCPUs, about 7783 MiB")
                .hasMessageContaining("-c batchInstanceTypes=m6i.xlarge,m6a.xlarge,m5.xlarge,m5a.xlarge,m7i.xlarge");
        // 8 GiB installed is not 8 GiB for jobs: the kernel and the ECS agent keep some
        assertThatThrownBy(() -> read(Map.of("cpu", "2048", "memoryMiB", "8192", "batchInstanceTypes", "m6i.large")))
                .hasMessageContaining("can run a job of 2 vCPUs and 8192 MiB");
        assertThat(read(Map.of("cpu", "4096", "memoryMiB", "8192", "batchInstanceTypes", "m6i.large,c6i.2xlarge"))
                .compute().batchInstanceTypes()).containsExactly("m6i.large", "c6i.2xlarge");
        assertThat(read(Map.of("cpu", "4096", "memoryMiB", "8192", "batchInstanceTypes", "m6i")).compute()
                .batchInstanceTypes()).as("a family: Batch picks a size that fits").containsExactly("m6i");
    }

    @Test
    void batchDefaultsGrowWithTheJob() {
        assertThat(read(Map.of()).compute().batchInstanceTypes())
                .containsExactly("m6i.large", "m6a.large", "m5.large", "m5a.large", "m7i.large");
        assertThat(read(Map.of("cpu", "4096", "memoryMiB", "8192")).compute().batchInstanceTypes())
                .containsExactly("m6i.xlarge", "m6a.xlarge", "m5.xlarge", "m5a.xlarge", "m7i.xlarge");
        assertThat(read(Map.of("cpu", "2048", "memoryMiB", "16384")).compute().batchInstanceTypes())
                .first().isEqualTo("m6i.2xlarge");
        assertThat(read(Map.of("cpu", "16384", "memoryMiB", "122880")).compute().batchInstanceTypes())
                .first().isEqualTo("m6i.8xlarge");
    }

    @Test
    void batchRefusesGravitonUnknownSizesAndTooFewVcpus() {
        assertThatThrownBy(() -> read(Map.of("batchInstanceTypes", "m7g.large,m6i.large")))
                .hasMessageContaining("context 'batchInstanceTypes': m7g.large is an arm64 (Graviton) type, but the "
                        + "processor image is built for linux/amd64");
        assertThatThrownBy(() -> read(Map.of("batchInstanceTypes", "i4i.large")))
                .hasMessageContaining("the size of i4i.large is not known here");
        assertThatThrownBy(() -> read(Map.of("batchInstanceTypes", "large")))
                .hasMessageContaining("'large' is not an EC2 instance type");
        assertThatThrownBy(() -> read(Map.of("cpu", "4096", "memoryMiB", "8192", "batchMaxVcpus", "2")))
                .hasMessageContaining("context 'batchMaxVcpus' (2) is below the 4 vCPUs of one job");
    }

    @Test
    void ec2TakesSeveralTypesOfOneArchitecture() {
        InfraConfig.Compute defaults = read(Map.of()).compute();
        assertThat(defaults.ec2InstanceTypes()).containsExactly("m6i.large", "m6a.large", "m5.large", "m5a.large",
                "m7i.large");
        assertThat(defaults.ec2Architecture()).isEqualTo(InstanceTypes.Architecture.X86_64);
        InfraConfig.Compute graviton = read(Map.of("ec2InstanceTypes", "m7g.large,c7g.xlarge,r8g.large")).compute();
        assertThat(graviton.ec2Architecture()).isEqualTo(InstanceTypes.Architecture.ARM64);

        assertThatThrownBy(() -> read(Map.of("ec2InstanceTypes", "m6i.large,m7g.large")))
                .hasMessageContaining("context 'ec2InstanceTypes' mixes x86_64 and arm64 (Graviton) types");
        assertThatThrownBy(() -> read(Map.of("ec2InstanceTypes", "m6i")))
                .hasMessageContaining("context 'ec2InstanceTypes': m6i needs a size");
        assertThatThrownBy(() -> read(Map.of("ec2InstanceType", "m6i.large")))
                .hasMessageContaining("context 'ec2InstanceType' is now 'ec2InstanceTypes'");
    }

    @Test
    void instanceTypeNamesTellArchitectureAndSize() {
        assertThat(InstanceTypes.architecture("m7g.large")).isEqualTo(InstanceTypes.Architecture.ARM64);
        assertThat(InstanceTypes.architecture("c7gn.xlarge")).isEqualTo(InstanceTypes.Architecture.ARM64);
        assertThat(InstanceTypes.architecture("im4gn.large")).isEqualTo(InstanceTypes.Architecture.ARM64);
        assertThat(InstanceTypes.architecture("a1.large")).isEqualTo(InstanceTypes.Architecture.ARM64);
        assertThat(InstanceTypes.architecture("g4dn.xlarge")).isEqualTo(InstanceTypes.Architecture.X86_64);
        assertThat(InstanceTypes.architecture("m5zn.large")).isEqualTo(InstanceTypes.Architecture.X86_64);
        assertThat(InstanceTypes.architecture("m7i-flex.large")).isEqualTo(InstanceTypes.Architecture.X86_64);
        assertThat(InstanceTypes.size("m6i.large")).contains(new InstanceTypes.Size(2, 8192));
        assertThat(InstanceTypes.size("c6a.4xlarge")).contains(new InstanceTypes.Size(16, 32768));
        assertThat(InstanceTypes.size("r7i.xlarge")).contains(new InstanceTypes.Size(4, 32768));
        assertThat(InstanceTypes.size("m5.metal")).isEmpty();
        assertThat(InstanceTypes.size("t3.large")).isEmpty();
    }

    @Test
    void scramNeedsTheSecretsKmsKeyInTheSecretsRegion() {
        Map<String, String> scram = Map.of("mskClusterArn", "arn:aws:kafka:eu-west-1:123456789012:cluster/c/u-1",
                "kafkaAuth", "scram-sha-512",
                "kafkaSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_jobs-AbCdEf",
                "kafkaCidr", "10.0.0.0/16");
        assertThatThrownBy(() -> read(scram))
                .hasMessageContaining("context 'kafkaAuth=scram-sha-512' needs 'kafkaSecretKmsKeyArn'");
        Map<String, String> withKey = new HashMap<>(scram);
        withKey.put("kafkaSecretKmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/1a2b3c4d-5e6f-7890-abcd-ef0123456789");
        assertThat(read(withKey).kafka().saslSecretKmsKeyArn()).contains(withKey.get("kafkaSecretKmsKeyArn"));

        withKey.put("kafkaSecretKmsKeyArn", "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-7890-abcd-ef0123456789");
        assertThatThrownBy(() -> read(withKey))
                .hasMessageContaining("is a key in us-east-1, but the secret is in eu-west-1");
        withKey.put("kafkaSecretKmsKeyArn", "alias/aws/secretsmanager");
        assertThatThrownBy(() -> read(withKey)).hasMessageContaining("context 'kafkaSecretKmsKeyArn' must be a KMS key ARN");
        assertThatThrownBy(() -> read(Map.of("kafkaSecretKmsKeyArn",
                "arn:aws:kms:eu-west-1:123456789012:key/1a2b3c4d-5e6f-7890-abcd-ef0123456789")))
                .hasMessageContaining("context 'kafkaSecretKmsKeyArn' is only used with kafkaAuth=scram-sha-512");
    }

    @Test
    void processorOptionsPassThroughUnderTheirEnvironmentNamesAndDlqIsDerived() {
        InfraConfig config = read(Map.of("format", "csv", "headersMode", "min", "onBadRow", "dlq:bad-rows",
                "keyMode", "column:id", "logLevel", "DEBUG"));
        assertThat(config.job().options()).containsEntry("FORMAT", "csv").containsEntry("HEADERS_MODE", "min")
                .containsEntry("ON_BAD_ROW", "dlq:bad-rows").containsEntry("KEY_MODE", "column:id")
                .containsEntry("LOG_LEVEL", "DEBUG");
        assertThat(config.job().dlqTopic()).contains("bad-rows");
        assertThatThrownBy(() -> read(Map.of("format", "xml", "onBadRow", "ignore")))
                .hasMessageContaining("context 'format' must be one of csv|json")
                .hasMessageContaining("context 'onBadRow' must be fail, skip or dlq:TOPIC");
    }

    @Test
    void aMissingJarSaysHowToBuildIt() {
        Path empty = Path.of(System.getProperty("java.io.tmpdir"), "no-such-processor-dir");
        assertThatThrownBy(() -> read(Map.of("processorDir", empty.toString())))
                .hasMessageContaining("no Dockerfile in " + empty)
                .hasMessageContaining("mvn -B -pl processor -am package -DskipTests");
    }

    @Test
    void sourceUriIsAnObjectOrAPrefix() {
        S3Source object = S3Source.parse("s3://b/exports/orders.csv");
        assertThat(object.isPrefix()).isFalse();
        assertThat(object.keyPattern()).isEqualTo("exports/orders.csv");
        assertThat(object.exactUriOrNull()).isEqualTo("s3://b/exports/orders.csv");

        S3Source folder = S3Source.parse("s3://b/exports/");
        assertThat(folder.keyPattern()).isEqualTo("exports/*");
        assertThat(folder.exactUriOrNull()).isNull();
        assertThat(folder.exampleUri()).as("a prefix job moves the prefix").isEqualTo("s3://b/exports/");
        assertThat(folder.listPrefixPatterns()).containsExactly("exports/", "exports/*");
        assertThat(S3Source.parse("s3://b/exports/*").exampleUri()).isEqualTo("s3://b/exports/");
        assertThat(folder.exampleObjectUri(".txt")).isEqualTo("s3://b/exports/demo.txt");
        assertThat(object.exampleUri()).isEqualTo("s3://b/exports/orders.csv");

        S3Source partial = S3Source.parse("s3://b/exports/2024-*");
        assertThat(partial.keyPattern()).isEqualTo("exports/2024-*");
        assertThat(partial.listPrefixPatterns()).containsExactly("exports/2024-", "exports/2024-*");
        assertThat(partial.exampleUri()).as("no source a job can take: an object under it")
                .isEqualTo("s3://b/exports/2024-demo.csv");
        assertThatThrownBy(() -> S3Source.parse("s3://bucket-only")).hasMessageContaining("needs a bucket and a key");
    }

    @Test
    void namePatternsHaveExamplesForTheRunCommands() {
        assertThat(new NamePattern("orders").example()).isEqualTo("orders");
        assertThat(new NamePattern("orders").exactOrNull()).isEqualTo("orders");
        assertThat(new NamePattern("orders-*").example()).isEqualTo("orders-demo");
        assertThat(new NamePattern("orders-*").exactOrNull()).isNull();
    }
    private static final Map<String, String> KAFKA_SOURCE = Map.of(
            "sourceBootstrapServers", "b-1.src:9098,b-2.src:9098",
            "sourceTopic", "orders",
            "sourceKafkaCidr", "10.1.0.0/16");

    @Test
    void aKafkaSourceIsCopiedBoundedUnlessFollowIsSaidAndReplacesTheS3Source() {
        InfraConfig config = read(KAFKA_SOURCE);
        KafkaSource source = config.job().kafkaSource().orElseThrow();
        assertThat(source.uri()).isEqualTo("kafka://b-1.src:9098,b-2.src:9098/orders");
        assertThat(source.follow()).isFalse();
        assertThat(source.mskClusterArn()).isEmpty();
        assertThat(config.job().source()).isEmpty();
        assertThat(read(Map.of()).job().kafkaSource()).isEmpty();

        Map<String, String> following = new HashMap<>(KAFKA_SOURCE);
        following.putAll(Map.of("follow", "true", "topic", "copy", "jobId", "copy",
                "sourceMskClusterArn", "arn:aws:kafka:eu-west-1:123456789012:cluster/src/abc-1"));
        KafkaSource followed = read(following).job().kafkaSource().orElseThrow();
        assertThat(followed.follow()).isTrue();
        assertThat(followed.mskClusterArn()).contains("arn:aws:kafka:eu-west-1:123456789012:cluster/src/abc-1");
    }

    @Test
    void aKafkaSourceNeedsItsTopicServersAndBrokerCidrAndIsTheOnlySource() {
        assertThatThrownBy(() -> read(Map.of("sourceTopic", "orders", "sourceKafkaCidr", "10.1.0.0/16")))
                .hasMessageContaining("a Kafka source needs both 'sourceBootstrapServers'");
        assertThatThrownBy(() -> read(Map.of("sourceBootstrapServers", "b-1.src:9098", "sourceTopic", "orders")))
                .hasMessageContaining("context 'sourceKafkaCidr' is required with 'sourceBootstrapServers'");
        Map<String, String> both = new HashMap<>(KAFKA_SOURCE);
        both.put("sourceUri", "s3://b/k.csv");
        assertThatThrownBy(() -> read(both)).hasMessageContaining(
                "context 'sourceUri' names an S3 source, but the jobs copy the Kafka topic 'sourceTopic'");
        Map<String, String> badTopic = new HashMap<>(KAFKA_SOURCE);
        badTopic.put("sourceTopic", "orders/*");
        assertThatThrownBy(() -> read(badTopic))
                .hasMessageContaining("context 'sourceTopic' must be a Kafka topic name");
        for (String key : new String[] {"follow", "sourceKafkaCidr", "sourceMskClusterArn"}) {
            String value = key.equals("follow") ? "true" : key.equals("sourceKafkaCidr") ? "10.1.0.0/16"
                    : "arn:aws:kafka:eu-west-1:123456789012:cluster/src/abc-1";
            assertThatThrownBy(() -> read(Map.of(key, value))).hasMessageContaining(
                    "context '" + key + "' is only used with a Kafka source");
        }
    }

    @Test
    void aFollowingCopyNamesItsOneJobExactly() {
        Map<String, String> following = new HashMap<>(KAFKA_SOURCE);
        following.put("follow", "true");
        assertThatThrownBy(() -> read(following)).hasMessageContaining(
                "context 'follow=true' runs the copy as an ECS service")
                .hasMessageContaining("'topic' and 'jobId' must be exact names");
        following.putAll(Map.of("topic", "copy", "jobId", "copy"));
        assertThat(read(following).job().kafkaSource().orElseThrow().follow()).isTrue();
    }
}
