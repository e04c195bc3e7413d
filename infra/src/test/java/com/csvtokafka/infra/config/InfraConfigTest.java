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
        InfraConfig config = read(Map.of("mskClusterArn", "arn:aws:kafka:us-east-1:123456789012:cluster/c/u-1"));
        assertThat(config.kafka().usesSandbox()).isFalse();
        assertThat(config.kafka().auth()).isEqualTo(KafkaAuth.IAM);
        assertThat(config.kafka().createTopic()).isFalse();
    }

    @Test
    void plainBootstrapServersMeanNoAuthUnlessSaid() {
        assertThat(read(Map.of("kafkaBootstrapServers", "kafka-1:9092")).kafka().auth()).isEqualTo(KafkaAuth.NONE);
        assertThat(read(Map.of("kafkaBootstrapServers", "kafka-1:9094", "kafkaAuth", "tls")).kafka().auth())
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
    void fargateMemoryMustFitTheCpu() {
        assertThatThrownBy(() -> read(Map.of("cpu", "1024", "memoryMiB", "512")))
                .hasMessageContaining("context 'memoryMiB' must fit Fargate's range for cpu 1024: 2048..8192 MiB");
        assertThat(read(Map.of("cpu", "4096", "memoryMiB", "30720")).compute().memoryMiB()).isEqualTo(30720);
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
        assertThat(folder.exampleUri()).isEqualTo("s3://b/exports/demo.csv");

        assertThat(S3Source.parse("s3://b/exports/2024-*").keyPattern()).isEqualTo("exports/2024-*");
        assertThatThrownBy(() -> S3Source.parse("s3://bucket-only")).hasMessageContaining("needs a bucket and a key");
    }

    @Test
    void namePatternsHaveExamplesForTheRunCommands() {
        assertThat(new NamePattern("orders").example()).isEqualTo("orders");
        assertThat(new NamePattern("orders").exactOrNull()).isEqualTo("orders");
        assertThat(new NamePattern("orders-*").example()).isEqualTo("orders-demo");
        assertThat(new NamePattern("orders-*").exactOrNull()).isNull();
    }
}
