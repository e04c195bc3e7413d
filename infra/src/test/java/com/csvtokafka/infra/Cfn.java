package com.csvtokafka.infra;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awscdk.assertions.Template;

/** Reading synthesized CloudFormation in tests: joins flattened to text, IAM statements by Sid. */
public final class Cfn {

    private Cfn() {
    }

    /**
     * Renders a value as text: literals as they are, Fn::Join/Fn::Base64 recursively, any other intrinsic as
     * {@code ${...}} — enough to read user data and printed commands as a person would.
     */
    @SuppressWarnings("unchecked")
    public static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey("Fn::Join")) {
                List<Object> join = (List<Object>) map.get("Fn::Join");
                String delimiter = (String) join.get(0);
                return ((List<Object>) join.get(1)).stream().map(Cfn::text).collect(Collectors.joining(delimiter));
            }
            if (map.containsKey("Fn::Base64")) {
                return text(map.get("Fn::Base64"));
            }
        }
        return "${" + value + "}";
    }

    /** The statements of the policies attached to the role whose logical id starts with {@code rolePrefix}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Map<String, Object>> statementsOfRole(Template template, String rolePrefix) {
        String role = template.findResources("AWS::IAM::Role").keySet().stream()
                .filter(id -> id.startsWith(rolePrefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no role " + rolePrefix + "*"));
        return template.findResources("AWS::IAM::Policy").values().stream()
                .map(policy -> (Map<String, Object>) policy.get("Properties"))
                .filter(props -> ((List<Object>) props.get("Roles")).contains(Map.of("Ref", role)))
                .flatMap(props -> ((List<Map<String, Object>>) ((Map<String, Object>) props.get("PolicyDocument"))
                        .get("Statement")).stream())
                .collect(Collectors.toMap(
                        statement -> Optional.ofNullable((String) statement.get("Sid")).orElse(statement.toString()),
                        statement -> statement));
    }

    @SuppressWarnings("unchecked")
    public static List<String> actions(Map<String, Object> statement) {
        Object actions = statement.get("Action");
        return actions instanceof String single ? List.of(single) : (List<String>) actions;
    }

    /** Every resource of a statement (one or a list), as text. */
    @SuppressWarnings("unchecked")
    public static List<String> resources(Map<String, Object> statement) {
        Object resources = statement.get("Resource");
        return resources instanceof List<?> list ? ((List<Object>) list).stream().map(Cfn::text).toList()
                : List.of(text(resources));
    }

    /** The one resource of a statement, as text. */
    public static String resource(Map<String, Object> statement) {
        return text(statement.get("Resource"));
    }

    public static String output(Template template, String name) {
        Map<String, Object> output = template.findOutputs(name).get(name);
        if (output == null) {
            throw new AssertionError("no output " + name);
        }
        return text(output.get("Value"));
    }

    /** The only resource of a type, as its Properties. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> onlyProperties(Template template, String type) {
        Map<String, Map<String, Object>> resources = template.findResources(type);
        if (resources.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + resources.keySet());
        }
        return (Map<String, Object>) resources.values().iterator().next().get("Properties");
    }
}
