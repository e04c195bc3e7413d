package com.csvtokafka.it.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import com.csvtokafka.localstack.LocalKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deployed roles let a job do its work: for the default context and every file in infra/contexts/ whose jobs
 * read files (those of Kafka-source copies are KafkaSourcePermissionsIT's), the CDK app
 * is synthesized, jobs of that context really run (the processor's jar, S3Proxy, DynamoDB Local and a Kafka broker
 * whose authorizer logs every decision), and every AWS call they made — recorded, not typed here — is evaluated by
 * moto's IAM policy engine against the role each compute stack gives the processor; the conditions of the
 * statements that allow a call (s3:prefix, dynamodb:LeadingKeys) are checked against the values it carried. Calls
 * the platform makes for the job (the EC2 jar download, logs, the SCRAM secret) are read from the templates and
 * checked the same way. And the reverse: every action a processor role is granted is used by a recorded call, or
 * is in {@link UnusedGrants} with its reason. docs/deploy.md, "Permissions proven against real runs".
 */
class DeployPermissionsIT {
    /** Each compute stack and the role its processor runs as. */
    static final Map<String, String> PROCESSOR_ROLES = Map.of(
            "FargateStack", "TaskRole", "BatchSpotStack", "JobRole", "Ec2SpotStack", "InstanceRole");
    /** The role ECS / Batch use to start the container: pulls, the awslogs driver, secrets injected as env. */
    private static final Map<String, String> EXECUTION_ROLES = Map.of(
            "FargateStack", "TaskExecutionRole", "BatchSpotStack", "ContainerExecutionRole");

    private static Path kafkaDir;
    private static LocalKafka kafka;

    @BeforeAll
    static void startAuditingBroker() throws IOException {
        kafkaDir = Files.createTempDirectory("csv-to-kafka-permissions-");
        kafka = LocalKafka.startAuditingAuthorizations(kafkaDir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The contexts of file jobs; those of Kafka-source copies are KafkaSourcePermissionsIT's. */
    static List<String> contexts() throws IOException {
        return DeployContexts.fileSources();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contexts")
    void everyCallOfTheContextsJobsIsAllowedAndEveryGrantIsUsed(String context, @TempDir Path dir) throws Exception {
        SynthesizedApp app = SynthesizedApp.synthesize(DeployContexts.REPOSITORY, DeployContexts.values(context));
        JobUnderTest job = JobUnderTest.of(context, app);
        JobRuns runs = new JobRuns(job, kafka, LocalKafka.authorizationLog(kafkaDir), dir);
        List<AwsCall> recorded = runs.runAll();
        assertThat(recorded).as("recorded calls of %s", context)
                .anyMatch(call -> call.action().equals("s3:GetObject"))
                .anyMatch(call -> call.action().equals("dynamodb:UpdateItem") || call.action().equals("dynamodb:PutItem"));
        if (job.mskClusterArn().isPresent()) {
            assertThat(recorded).as("Kafka calls of %s", context)
                    .anyMatch(call -> call.action().equals("kafka-cluster:WriteData"));
        }

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> compute : PROCESSOR_ROLES.entrySet()) {
            SynthesizedApp.RolePolicies role = app.role(compute.getKey(), compute.getValue());
            List<AwsCall> platform = PlatformCalls.ofProcessorRole(app, job, compute.getKey());
            List<AwsCall> all = new ArrayList<>(recorded);
            all.addAll(platform);
            problems.addAll(PolicyEngine.notAllowed(context, role, all));
            problems.addAll(unused(context, role, all, job));
            if (EXECUTION_ROLES.containsKey(compute.getKey())) {
                SynthesizedApp.RolePolicies execution = app.role(compute.getKey(), EXECUTION_ROLES.get(compute.getKey()));
                problems.addAll(PolicyEngine.notAllowed(context, execution,
                        PlatformCalls.ofExecutionRole(job, compute.getKey())));
            }
        }
        assertThat(problems).as("context %s, runs %s: %d calls recorded", context, runs.runs(), recorded.size())
                .isEmpty();
    }

    /** Every action the role is granted that no call used and {@link UnusedGrants} does not explain. */
    @SuppressWarnings("unchecked")
    private static List<String> unused(String context, SynthesizedApp.RolePolicies role, List<AwsCall> calls,
                                       JobUnderTest job) {
        Set<String> granted = new TreeSet<>();
        for (Map<String, Object> document : role.documents()) {
            for (Map<String, Object> statement : (List<Map<String, Object>>) document.get("Statement")) {
                Object actions = statement.get("Action");
                if (actions instanceof String single) {
                    granted.add(single);
                } else {
                    granted.addAll((List<String>) actions);
                }
            }
        }
        Set<String> used = new TreeSet<>();
        calls.forEach(call -> used.add(call.action()));
        List<String> problems = new ArrayList<>();
        for (String action : granted) {
            if (!used.contains(action) && UnusedGrants.reason(action, job).isEmpty()) {
                problems.add("context " + context + ", " + role.stack() + " role " + role.role() + ": " + action
                        + " is granted but no recorded call used it; remove it, or explain it in "
                        + UnusedGrants.class.getSimpleName());
            }
        }
        return problems;
    }
}
