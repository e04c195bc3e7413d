package com.csvtokafka.it.permissions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsics of synthesized templates to the concrete values a deployment in a fixed account
 * and region would have: Ref, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split, Fn::Sub, Fn::ImportValue (across the
 * app's stacks) and the pseudo parameters. Resources without a physical name in the template get a stand-in, the
 * same at every use: {@code <stack>-<logical id>} (lower case for buckets). A type or attribute not known here fails
 * naming it, rather than producing an ARN that might match by accident.
 */
final class CfnResolver {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    /** The stand-in id of an MSK Serverless cluster whose ARN is only known after deployment. */
    static final String CLUSTER_UUID = "00000000-0000-0000-0000-000000000000-s1";

    private static final Pattern SUB = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, Map<String, Object>> templates;
    private final Map<String, String> stackNames;

    /**
     * @param templates  every stack's template of one app, by the stack's construct id
     * @param stackNames the deployed stack name of each (AWS::StackName)
     */
    CfnResolver(Map<String, Map<String, Object>> templates, Map<String, String> stackNames) {
        this.templates = Map.copyOf(templates);
        this.stackNames = Map.copyOf(stackNames);
    }

    /** {@code value} with every intrinsic replaced, recursively (maps and lists keep their shape). */
    @SuppressWarnings("unchecked")
    Object resolve(String stack, Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = (String) map.keySet().iterator().next();
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return intrinsic(stack, key, map.get(key));
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, resolve(stack, v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> resolve(stack, item)).toList();
        }
        return value;
    }

    String text(String stack, Object value) {
        Object resolved = resolve(stack, value);
        if (!(resolved instanceof String s)) {
            throw new IllegalStateException("expected a string in " + stack + ", got " + resolved + " from " + value);
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private Object intrinsic(String stack, String function, Object args) {
        switch (function) {
            case "Ref":
                return ref(stack, (String) args);
            case "Fn::GetAtt": {
                List<Object> parts = args instanceof String s ? List.of(s.split("\\.", 2)) : (List<Object>) args;
                return getAtt(stack, (String) parts.get(0), text(stack, parts.get(1)));
            }
            case "Fn::Join": {
                List<Object> join = (List<Object>) args;
                List<String> items = new ArrayList<>();
                for (Object item : list(stack, join.get(1))) {
                    items.add(text(stack, item));
                }
                return String.join((String) join.get(0), items);
            }
            case "Fn::Select": {
                List<Object> select = (List<Object>) args;
                int index = Integer.parseInt(String.valueOf(resolve(stack, select.get(0))));
                return resolve(stack, list(stack, select.get(1)).get(index));
            }
            case "Fn::Split": {
                List<Object> split = (List<Object>) args;
                return List.of(text(stack, split.get(1)).split(Pattern.quote((String) split.get(0)), -1));
            }
            case "Fn::Sub":
                return sub(stack, args);
            case "Fn::ImportValue":
                return importValue(text(stack, args));
            case "Fn::GetAZs":
                return List.of(REGION + "a", REGION + "b", REGION + "c");
            default:
                throw new IllegalStateException("intrinsic " + function + " in " + stack + " is not resolved here: "
                        + "add it to " + CfnResolver.class.getSimpleName());
        }
    }

    private List<Object> list(String stack, Object value) {
        Object resolved = value instanceof List<?> ? value : resolve(stack, value);
        if (!(resolved instanceof List<?> list)) {
            throw new IllegalStateException("expected a list in " + stack + ", got " + resolved);
        }
        return new ArrayList<>(list);
    }

    @SuppressWarnings("unchecked")
    private String sub(String stack, Object args) {
        String template;
        Map<String, Object> variables = Map.of();
        if (args instanceof String s) {
            template = s;
        } else {
            List<Object> sub = (List<Object>) args;
            template = (String) sub.get(0);
            variables = (Map<String, Object>) sub.get(1);
        }
        Matcher matcher = SUB.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value;
            if (variables.containsKey(name)) {
                value = text(stack, variables.get(name));
            } else if (name.contains(".")) {
                String[] parts = name.split("\\.", 2);
                value = getAtt(stack, parts[0], parts[1]);
            } else {
                value = ref(stack, name);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String ref(String stack, String name) {
        switch (name) {
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Region":
                return REGION;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackName":
                return stackNames.get(stack);
            case "AWS::NoValue":
                return "";
            default:
                break;
        }
        Map<String, Object> parameter = section(stack, "Parameters").get(name);
        if (parameter != null) {
            return String.valueOf(parameter.get("Default"));
        }
        Map<String, Object> resource = resource(stack, name);
        String type = (String) resource.get("Type");
        return switch (type) {
            case "AWS::MSK::ServerlessCluster", "AWS::MSK::Cluster" -> getAtt(stack, name, "Arn");
            case "AWS::SecretsManager::Secret" -> getAtt(stack, name, "Arn");
            default -> physicalName(stack, name, resource);
        };
    }

    private String getAtt(String stack, String id, String attribute) {
        Map<String, Object> resource = resource(stack, id);
        String type = (String) resource.get("Type");
        if (type.startsWith("Custom::")) {
            // a value a custom resource reads at deploy time (bootstrap brokers): never part of an IAM ARN
            return "${" + id + "." + attribute + "}";
        }
        String name = physicalName(stack, id, resource);
        String key = type + "." + attribute;
        return switch (key) {
            case "AWS::DynamoDB::Table.Arn" -> "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + name;
            case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + name;
            case "AWS::Logs::LogGroup.Arn" -> "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + name + ":*";
            case "AWS::IAM::Role.Arn" -> "arn:aws:iam::" + ACCOUNT + ":role/" + name;
            case "AWS::MSK::ServerlessCluster.Arn", "AWS::MSK::Cluster.Arn" ->
                    "arn:aws:kafka:" + REGION + ":" + ACCOUNT + ":cluster/" + name + "/" + CLUSTER_UUID;
            case "AWS::SecretsManager::Secret.Arn" ->
                    "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-AbCdEf";
            default -> throw new IllegalStateException("Fn::GetAtt " + id + "." + attribute + " (" + type + ") in "
                    + stack + " is not resolved here: add it to " + CfnResolver.class.getSimpleName());
        };
    }

    @SuppressWarnings("unchecked")
    private String physicalName(String stack, String id, Map<String, Object> resource) {
        Map<String, Object> properties = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
        String type = (String) resource.get("Type");
        String property = switch (type) {
            case "AWS::DynamoDB::Table" -> "TableName";
            case "AWS::S3::Bucket" -> "BucketName";
            case "AWS::Logs::LogGroup" -> "LogGroupName";
            case "AWS::IAM::Role" -> "RoleName";
            case "AWS::MSK::ServerlessCluster", "AWS::MSK::Cluster" -> "ClusterName";
            case "AWS::SecretsManager::Secret" -> "Name";
            default -> null;
        };
        if (property != null && properties.containsKey(property)) {
            return text(stack, properties.get(property));
        }
        String standIn = stack + "-" + id;
        return type.equals("AWS::S3::Bucket") ? standIn.toLowerCase().substring(0, Math.min(63, standIn.length()))
                : standIn;
    }

    @SuppressWarnings("unchecked")
    private String importValue(String exportName) {
        for (Map.Entry<String, Map<String, Object>> template : templates.entrySet()) {
            for (Map<String, Object> output : section(template.getKey(), "Outputs").values()) {
                Object export = output.get("Export");
                if (export != null && exportName.equals(text(template.getKey(),
                        ((Map<String, Object>) export).get("Name")))) {
                    return text(template.getKey(), output.get("Value"));
                }
            }
        }
        throw new IllegalStateException("no stack of the app exports " + exportName);
    }

    private Map<String, Object> resource(String stack, String id) {
        return Optional.ofNullable(section(stack, "Resources").get(id)).orElseThrow(() ->
                new IllegalStateException("no resource or parameter " + id + " in " + stack));
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> section(String stack, String name) {
        Map<String, Object> template = Optional.ofNullable(templates.get(stack)).orElseThrow(() ->
                new IllegalStateException("no stack " + stack + " in " + templates.keySet()));
        return (Map<String, Map<String, Object>>) template.getOrDefault(name, Map.of());
    }
}
