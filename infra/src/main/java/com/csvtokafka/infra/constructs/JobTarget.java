package com.csvtokafka.infra.constructs;

import com.csvtokafka.infra.config.InfraConfig;
import com.csvtokafka.infra.config.KafkaAuth;
import com.csvtokafka.infra.config.KafkaSource;
import com.csvtokafka.infra.config.NamePattern;
import com.csvtokafka.infra.config.S3Source;
import com.csvtokafka.infra.stacks.SandboxStack;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.ec2.IPeer;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.ec2.SubnetAttributes;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * Where a compute stack's jobs run and what they reach, resolved once from context: the given VPC, Kafka cluster
 * and source (an S3 object or prefix, or a Kafka topic), or the sandbox's for whatever was left out. Every compute
 * stack builds one, so the three options cannot disagree about the network, the cluster or the IAM scope.
 */
public final class JobTarget extends Construct {

    private final IVpc vpc;
    private final SubnetSelection subnets;
    private final List<String> subnetIds;
    private final boolean assignPublicIp;
    private final IPeer kafkaPeer;
    private final List<Integer> kafkaPorts;
    private final String bootstrapServers;
    private final Optional<MskArns> msk;
    private final KafkaAuth auth;
    private final Optional<ISecret> saslSecret;
    private final Optional<String> saslSecretKmsKeyArn;
    private final Optional<S3Source> source;
    private final Optional<KafkaSource> kafkaSource;
    private final InfraConfig.Job job;
    private final boolean createTopic;

    public JobTarget(Construct scope, String id, InfraConfig config, SandboxStack sandbox) {
        super(scope, id);
        InfraConfig.Kafka kafka = config.kafka();
        this.job = config.job();
        this.auth = kafka.auth();
        this.createTopic = kafka.createTopic();
        this.assignPublicIp = config.network().assignPublicIp();

        if (config.network().existingVpc().isPresent()) {
            InfraConfig.ExistingVpc existing = config.network().existingVpc().get();
            List<ISubnet> chosen = existing.subnetIds().stream()
                    .map(subnetId -> subnet(existing, subnetId))
                    .toList();
            // Nothing is looked up: the jobs' subnets are selected explicitly below, so without zones in context
            // the VPC's zone list stays a deploy-time Fn::GetAZs that no construct here reads.
            boolean zonesKnown = !existing.availabilityZones().isEmpty();
            this.vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                    .vpcId(existing.vpcId())
                    .availabilityZones(zonesKnown ? existing.availabilityZones() : Fn.getAzs())
                    .privateSubnetIds(zonesKnown ? existing.subnetIds() : null)
                    .build());
            if (!zonesKnown) {
                Annotations.of(vpc).acknowledgeWarning("@aws-cdk/aws-ec2:vpcAttributeIsListTokenavailabilityZones",
                        "subnets are selected explicitly from context 'subnetIds'");
            }
            vpc.getPrivateSubnets().forEach(subnet -> Annotations.of(subnet).acknowledgeWarning(
                    "@aws-cdk/aws-ec2:noSubnetRouteTableId", "nothing here routes: the subnets only place the jobs"));
            this.subnets = SubnetSelection.builder().subnets(chosen).build();
            this.subnetIds = existing.subnetIds();
        } else {
            this.vpc = sandbox.vpc();
            this.subnets = sandbox.jobSubnets();
            this.subnetIds = sandbox.vpc().selectSubnets(subnets).getSubnetIds();
        }

        if (kafka.usesSandbox()) {
            this.msk = Optional.of(new MskArns(sandbox.clusterArn()));
            this.bootstrapServers = sandbox.bootstrapServers();
        } else {
            this.msk = kafka.mskClusterArn().map(MskArns::new);
            this.bootstrapServers = kafka.bootstrapServers().orElseGet(() ->
                    new MskBootstrapBrokers(this, "BootstrapBrokers", kafka.mskClusterArn().orElseThrow(), auth,
                            config.checkpoint().logRetentionDays()).brokers());
        }
        this.kafkaPorts = kafka.bootstrapServers()
                .map(JobTarget::ports)
                .orElse(List.of(auth.mskPort()));
        // InfraConfig requires kafkaCidr for any cluster but the sandbox's: never 0.0.0.0/0.
        this.kafkaPeer = Peer.ipv4(kafka.clientCidr().orElse(SandboxStack.VPC_CIDR));
        this.saslSecret = kafka.saslSecretArn().map(arn -> Secret.fromSecretCompleteArn(this, "SaslSecret", arn));
        this.saslSecretKmsKeyArn = kafka.saslSecretKmsKeyArn();
        this.kafkaSource = job.kafkaSource();
        this.source = kafkaSource.isPresent() ? Optional.empty() : Optional.of(job.source().orElseGet(() ->
                new S3Source(sandbox.bucket().getBucketName(), InfraConfig.SANDBOX_PREFIX)));
    }

    private ISubnet subnet(InfraConfig.ExistingVpc existing, String subnetId) {
        List<String> zones = existing.availabilityZones();
        SubnetAttributes.Builder attributes = SubnetAttributes.builder().subnetId(subnetId);
        if (!zones.isEmpty()) {
            attributes.availabilityZone(zones.get(existing.subnetIds().indexOf(subnetId) % zones.size()));
        }
        ISubnet subnet = Subnet.fromSubnetAttributes(this, subnetId, attributes.build());
        Annotations.of(subnet).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId",
                "nothing here routes: the subnet only places the jobs");
        return subnet;
    }

    /** The distinct ports of {@code host:port[,host:port...]}. */
    static List<Integer> ports(String bootstrapServers) {
        return Arrays.stream(bootstrapServers.split(","))
                .map(server -> Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)))
                .distinct()
                .toList();
    }

    public IVpc vpc() {
        return vpc;
    }

    public SubnetSelection subnets() {
        return subnets;
    }

    /**
     * The same subnets as ids, for printed commands. Read from context rather than selected from the imported
     * VPC, which cannot tell a subnet's zone without a lookup.
     */
    public List<String> subnetIds() {
        return subnetIds;
    }

    public boolean assignPublicIp() {
        return assignPublicIp;
    }

    /** Who the jobs' security groups may reach on {@link #kafkaPorts()}. */
    public IPeer kafkaPeer() {
        return kafkaPeer;
    }

    public List<Integer> kafkaPorts() {
        return kafkaPorts;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Present for MSK (given or sandbox): the IAM resource ARNs. */
    public Optional<MskArns> msk() {
        return msk;
    }

    public KafkaAuth auth() {
        return auth;
    }

    public Optional<ISecret> saslSecret() {
        return saslSecret;
    }

    /**
     * Lets {@code role} read the SCRAM secret: GetSecretValue on the secret and kms:Decrypt on the key it is encrypted
     * with (MSK takes only secrets under a customer managed key), through Secrets Manager and for this secret only.
     * An imported key's own grant would add nothing: its key policy is not ours to change.
     */
    public void grantSaslSecretRead(IRole role) {
        saslSecret.ifPresent(secret -> {
            secret.grantRead(role);
            String key = saslSecretKmsKeyArn.orElseThrow();
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("DecryptKafkaSecret")
                    .actions(List.of("kms:Decrypt"))
                    .resources(List.of(key))
                    .conditions(Map.of("StringEquals", Map.of(
                            "kms:ViaService", "secretsmanager." + key.split(":")[3] + ".amazonaws.com",
                            "kms:EncryptionContext:SecretARN", secret.getSecretArn())))
                    .build());
        });
    }

    /** The S3 object or prefix the jobs read; empty when they copy {@link #kafkaSource()} instead. */
    public Optional<S3Source> source() {
        return source;
    }

    /** The Kafka topic the jobs copy, when the deployment's source is one. */
    public Optional<KafkaSource> kafkaSource() {
        return kafkaSource;
    }

    /** The source as the processor's {@code --source} takes it, for the printed start commands. */
    public String exampleSourceUri() {
        return kafkaSource.map(KafkaSource::uri).orElseGet(() -> source.orElseThrow().exampleUri());
    }

    public NamePattern topic() {
        return job.topic();
    }

    public NamePattern jobId() {
        return job.jobId();
    }

    public InfraConfig.Job job() {
        return job;
    }

    public boolean createTopic() {
        return createTopic;
    }
}
