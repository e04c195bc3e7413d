package com.csvtokafka.it.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The conditions of a statement that allows a call, checked against the values the call carried (moto does not
 * evaluate them): {@code s3:prefix} of a list, {@code dynamodb:LeadingKeys} of an item call, and what a platform call
 * sends (kms:ViaService...). IAM's semantics for the operators used here: StringEquals/StringLike on a key the call
 * lacks fail; ForAllValues:... on a key the call lacks hold (no value to violate them); {@code *} and {@code ?} are
 * StringLike's wildcards.
 */
final class Conditions {
    private Conditions() {
    }

    /** Why {@code condition} does not hold for {@code call}; empty when it holds. */
    static Optional<String> unmet(JsonNode condition, AwsCall call) {
        if (condition == null || condition.isNull()) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> operators = condition.fields();
        while (operators.hasNext()) {
            Map.Entry<String, JsonNode> operator = operators.next();
            Iterator<Map.Entry<String, JsonNode>> keys = operator.getValue().fields();
            while (keys.hasNext()) {
                Map.Entry<String, JsonNode> key = keys.next();
                List<String> allowed = new ArrayList<>();
                if (key.getValue().isArray()) {
                    key.getValue().forEach(v -> allowed.add(v.asText()));
                } else {
                    allowed.add(key.getValue().asText());
                }
                String value = call.conditions().get(key.getKey());
                holds(operator.getKey(), allowed, value).ifPresent(problem ->
                        problems.add(operator.getKey() + " " + key.getKey() + " " + allowed + ": " + problem));
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static Optional<String> holds(String operator, List<String> allowed, String value) {
        boolean forAll = operator.startsWith("ForAllValues:");
        String base = operator.replaceFirst("^(ForAllValues|ForAnyValue):", "");
        if (value == null) {
            return forAll ? Optional.empty() : Optional.of("the call carries no value for it");
        }
        boolean match = switch (base) {
            case "StringEquals" -> allowed.contains(value);
            case "StringLike" -> allowed.stream().anyMatch(pattern -> like(pattern, value));
            default -> throw new AssertionError("condition operator " + operator + " is not checked here: add it to "
                    + Conditions.class.getSimpleName());
        };
        return match ? Optional.empty() : Optional.of("'" + value + "' matches none");
    }

    private static boolean like(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return value.matches(regex.toString());
    }
}
