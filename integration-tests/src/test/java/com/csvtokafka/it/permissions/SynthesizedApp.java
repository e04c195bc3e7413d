package com.csvtokafka.it.permissions;

import com.csvtokafka.infra.InfraApp;
import com.csvtokafka.infra.config.InfraConfig;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;

/**
 * The CDK app synthesized in-process with one context (cdk.json's feature flags, as `cdk synth` sees them), its
 * templates read back from the cloud assembly as CloudFormation will get them, and intrinsics resolved for a fixed
 * account and region ({@link CfnResolver}).
 */
final class SynthesizedApp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InfraConfig config;
    private final CfnResolver resolver;

    private SynthesizedApp(InfraConfig config, CfnResolver resolver) {
        this.config = config;
        this.resolver = resolver;
    }

    /** @param context the context file's keys (empty: the default, the sandbox everywhere) */
    static SynthesizedApp synthesize(Path repository, Map<String, String> context) throws IOException {
        Map<String, Object> all = new HashMap<>(cdkJsonContext(repository));
        all.put("processorDir", repository.resolve("processor").toString());
        all.putAll(context);
        Path out = Files.createTempDirectory("cdk.out");
        App app = new App(AppProps.builder().context(all).outdir(out.toString()).build());
        InfraApp.Stacks stacks = InfraApp.build(app);
        app.synth();
        // by construct id (CheckpointStack, ...), which stays the same whatever the deployment's stack names are
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        Map<String, String> stackNames = new LinkedHashMap<>();
        for (Stack stack : stacks.all()) {
            Path file = out.resolve(stack.getArtifactId() + ".template.json");
            templates.put(stack.getNode().getId(), JSON.readValue(file.toFile(), new TypeReference<>() {
            }));
            stackNames.put(stack.getNode().getId(), stack.getStackName());
        }
        InfraConfig config = InfraConfig.fromContext(key -> app.getNode().tryGetContext(key));
        return new SynthesizedApp(config, new CfnResolver(templates, stackNames));
    }

    InfraConfig config() {
        return config;
    }

    CfnResolver resolver() {
        return resolver;
    }

    /**
     * Every policy document a role of {@code stack} has, resolved: the AWS::IAM::Policy resources attached to it and
     * its inline policies. The role is the one whose logical id starts with {@code rolePrefix}.
     */
    @SuppressWarnings("unchecked")
    RolePolicies role(String stack, String rolePrefix) {
        Map<String, Map<String, Object>> resources = resolver.section(stack, "Resources");
        List<String> roles = resources.entrySet().stream()
                .filter(e -> e.getValue().get("Type").equals("AWS::IAM::Role") && e.getKey().startsWith(rolePrefix))
                .map(Map.Entry::getKey).toList();
        if (roles.size() != 1) {
            throw new AssertionError("expected one role " + rolePrefix + "* in " + stack + ", found " + roles);
        }
        String role = roles.get(0);
        List<Map<String, Object>> documents = new ArrayList<>();
        Map<String, Object> roleProperties = (Map<String, Object>) resources.get(role).get("Properties");
        for (Map<String, Object> inline : (List<Map<String, Object>>) roleProperties.getOrDefault("Policies", List.of())) {
            documents.add((Map<String, Object>) resolver.resolve(stack, inline.get("PolicyDocument")));
        }
        for (Map<String, Object> resource : resources.values()) {
            if (!resource.get("Type").equals("AWS::IAM::Policy")) {
                continue;
            }
            Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
            if (((List<Object>) properties.getOrDefault("Roles", List.of())).contains(Map.of("Ref", role))) {
                documents.add((Map<String, Object>) resolver.resolve(stack, properties.get("PolicyDocument")));
            }
        }
        List<String> managed = ((List<Object>) roleProperties.getOrDefault("ManagedPolicyArns", List.of())).stream()
                .map(arn -> resolver.text(stack, arn)).toList();
        return new RolePolicies(stack, role, documents, managed);
    }

    /** The logical ids of the roles of {@code stack} whose id contains {@code part}. */
    List<String> roleIds(String stack, String part) {
        return resolver.section(stack, "Resources").entrySet().stream()
                .filter(e -> e.getValue().get("Type").equals("AWS::IAM::Role") && e.getKey().contains(part))
                .map(Map.Entry::getKey).toList();
    }

    /** The physical value a logical resource's Ref (or attribute) has in the deployment, e.g. the table's name. */
    String ref(String stack, String type) {
        List<String> ids = resolver.section(stack, "Resources").entrySet().stream()
                .filter(e -> e.getValue().get("Type").equals(type)).map(Map.Entry::getKey).toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + type + " in " + stack + ", found " + ids);
        }
        return resolver.text(stack, Map.of("Ref", ids.get(0)));
    }

    String getAtt(String stack, String type, String attribute) {
        List<String> ids = resolver.section(stack, "Resources").entrySet().stream()
                .filter(e -> e.getValue().get("Type").equals(type)).map(Map.Entry::getKey).toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + type + " in " + stack + ", found " + ids);
        }
        return resolver.text(stack, Map.of("Fn::GetAtt", List.of(ids.get(0), attribute)));
    }

    /** The resolved user data of the one launch template of {@code stack} (decoded from Fn::Base64). */
    @SuppressWarnings("unchecked")
    String launchTemplateUserData(String stack) {
        return resolver.section(stack, "Resources").values().stream()
                .filter(r -> r.get("Type").equals("AWS::EC2::LaunchTemplate"))
                .map(r -> (Map<String, Object>) ((Map<String, Object>) r.get("Properties")).get("LaunchTemplateData"))
                .map(data -> (Map<String, Object>) data.get("UserData"))
                .map(userData -> resolver.text(stack, userData.get("Fn::Base64")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no launch template in " + stack));
    }

    private static Map<String, Object> cdkJsonContext(Path repository) throws IOException {
        Map<String, Object> json = JSON.readValue(repository.resolve("cdk.json").toFile(), new TypeReference<>() {
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) json.get("context");
        return context;
    }

    /** The resolved policies of one role: documents attached to it, and managed policies by ARN. */
    record RolePolicies(String stack, String role, List<Map<String, Object>> documents, List<String> managedPolicies) {
    }
}
