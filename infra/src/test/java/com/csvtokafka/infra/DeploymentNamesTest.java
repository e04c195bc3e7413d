package com.csvtokafka.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Two deployments in one account and region: every name that must be unique there (stack names, exports, and any
 * physical name a template spells out rather than leaving to CloudFormation) is derived from the deployment's name,
 * and the default deployment keeps the names it always had.
 */
class DeploymentNamesTest {

    /** Top-level properties that are names scoped to the resource's owner, not to the account and region. */
    private static final Set<String> NOT_PHYSICAL = Set.of("PolicyName", "MetricName", "ServiceName", "AttributeName",
            "DisplayName");

    private static InfraApp.Stacks first;
    private static InfraApp.Stacks second;

    @BeforeAll
    static void synth() {
        first = TestApps.defaults();
        second = TestApps.build(Map.of("deployment", "orders-eu"));
    }

    @Test
    void noPhysicalNameOfOneDeploymentIsAnotherDeploymentsToo() {
        Set<String> a = namesOf(first);
        Set<String> b = namesOf(second);
        assertThat(a).as("the default deployment names things").isNotEmpty();
        Set<String> shared = new HashSet<>(a);
        shared.retainAll(b);
        assertThat(shared).isEmpty();
    }

    @Test
    void theDefaultDeploymentKeepsTodaysNames() {
        assertThat(first.all().stream().map(Stack::getStackName)).containsExactly("CheckpointStack", "SandboxStack",
                "FargateStack", "BatchSpotStack", "Ec2SpotStack");
        assertThat(namesOf(first)).contains("/csv-to-kafka/jobs", "csv-to-kafka", "csv-to-kafka-job-failed",
                "csv-to-kafka-no-progress", "csv-to-kafka-sandbox");
    }

    @Test
    void anotherDeploymentPrefixesItsNames() {
        assertThat(second.all().stream().map(Stack::getStackName)).containsExactly("orders-eu-CheckpointStack",
                "orders-eu-SandboxStack", "orders-eu-FargateStack", "orders-eu-BatchSpotStack",
                "orders-eu-Ec2SpotStack");
        assertThat(namesOf(second)).contains("/orders-eu/jobs", "orders-eu", "orders-eu-job-failed",
                "orders-eu-no-progress", "orders-eu-sandbox");
        assertThat(Cfn.output(Template.fromStack(second.checkpoint()), "DashboardUrl")).endsWith("#dashboards:name=orders-eu");
    }

    /**
     * Stack names, export names and every literal top-level *Name (and Family) property of every resource; names
     * built from references are left out (they refer to what CloudFormation named after the stack).
     */
    @SuppressWarnings("unchecked")
    private static Set<String> namesOf(InfraApp.Stacks stacks) {
        Set<String> names = new HashSet<>();
        for (Stack stack : stacks.all()) {
            names.add(stack.getStackName());
            Template template = Template.fromStack(stack);
            template.findOutputs("*").values().forEach(output -> {
                Object export = output.get("Export");
                if (export instanceof Map<?, ?> map) {
                    names.add(Cfn.text(map.get("Name")));
                }
            });
            for (Map<String, Object> resource : template.toJSON().entrySet().stream()
                    .filter(e -> e.getKey().equals("Resources"))
                    .flatMap(e -> ((Map<String, Map<String, Object>>) e.getValue()).values().stream()).toList()) {
                Map<String, Object> properties = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
                properties.forEach((key, value) -> {
                    String text = Cfn.text(value);
                    // a reference names what CloudFormation named after the stack: distinct already
                    if ((key.endsWith("Name") || key.equals("Family")) && !NOT_PHYSICAL.contains(key)
                            && !(value instanceof List<?>) && !text.contains("${")) {
                        names.add(text);
                    }
                });
            }
        }
        return names;
    }
}
