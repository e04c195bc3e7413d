package com.csvtokafka.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * The AWS Solutions checks of cdk-nag over every stack, with the default (sandbox) context and the production
 * contexts bin/synth lints: each finding is fixed or suppressed, with its reason, next to the construct it is about
 * (the stacks call {@code Nag}). A new finding fails here with the rule, the resource and what to do.
 */
class NagTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sandbox", "production-iam", "production-scram", "batch-shards", "kafka-follow"})
    void everyFindingIsFixedOrSuppressedWithItsReason(String context) {
        App app = TestApps.app(TestApps.context(context));
        // Findings are error annotations: listed below rather than failing the synth with "Validation failed".
        app.getNode().setContext("@aws-cdk/core:annotationsInValidationReport", false);
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        InfraApp.Stacks stacks = InfraApp.build(app);

        List<String> findings = new ArrayList<>();
        for (Stack stack : stacks.all()) {
            Annotations annotations = Annotations.fromStack(stack);
            List<SynthesisMessage> messages = new ArrayList<>();
            messages.addAll(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")));
            messages.addAll(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")));
            messages.forEach(message -> findings.add(message.getId() + ": " + message.getEntry().getData()));
        }
        assertThat(findings).as("cdk-nag findings with context %s", context).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void suppressionsTravelWithTheTemplatesAndSayWhy() {
        Template fargate = Template.fromStack(TestApps.defaults().fargate());
        Map<String, Object> task = fargate.findResources("AWS::ECS::TaskDefinition").values().iterator().next();
        Map<String, Object> nag = (Map<String, Object>) ((Map<String, Object>) task.get("Metadata")).get("cdk_nag");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) nag.get("rules_to_suppress");
        assertThat(rules).anySatisfy(rule -> {
            assertThat(rule).containsEntry("id", "AwsSolutions-ECS2");
            assertThat((String) rule.get("reason")).contains("Secrets Manager");
        });
    }
}
