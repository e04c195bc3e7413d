package com.csvtokafka.infra.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads CDK context values ({@code -c key=value} arrive as strings; cdk.json may hold numbers and booleans) and
 * collects every problem, so one synth reports all bad keys at once instead of one per attempt.
 */
final class ContextReader {

    private final Function<String, Object> context;
    private final List<String> problems = new ArrayList<>();

    ContextReader(Function<String, Object> context) {
        this.context = context;
    }

    Optional<String> optional(String key) {
        Object raw = context.apply(key);
        if (raw == null) {
            return Optional.empty();
        }
        String text = String.valueOf(raw).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    /** Parses a present value; a parser's IllegalArgumentException becomes a problem naming the key. */
    <T> Optional<T> parsed(String key, Function<String, T> parser) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text.get()));
        } catch (IllegalArgumentException e) {
            problem("context '" + key + "': " + e.getMessage());
            return Optional.empty();
        }
    }

    <T> T parsed(String key, Function<String, T> parser, T defaultValue) {
        return parsed(key, parser).orElse(defaultValue);
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                problem("context '" + key + "' must be between " + min + " and " + max + ", got " + value);
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            problem("context '" + key + "' must be a whole number, got '" + text.get() + "'");
            return defaultValue;
        }
    }

    Optional<Boolean> bool(String key) {
        Optional<String> text = optional(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return switch (text.get().toLowerCase()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                problem("context '" + key + "' must be true or false, got '" + text.get() + "'");
                yield Optional.empty();
            }
        };
    }

    List<String> list(String key) {
        return optional(key)
                .map(text -> Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    Optional<String> oneOf(String key, Set<String> allowed) {
        Optional<String> text = optional(key);
        if (text.isPresent() && !allowed.contains(text.get())) {
            problem("context '" + key + "' must be one of " + String.join("|", allowed.stream().sorted().toList())
                    + ", got '" + text.get() + "'");
            return Optional.empty();
        }
        return text;
    }

    Optional<String> matching(String key, String regex, String expected) {
        Optional<String> text = optional(key);
        if (text.isPresent() && !text.get().matches(regex)) {
            problem("context '" + key + "' must be " + expected + ", got '" + text.get() + "'");
            return Optional.empty();
        }
        return text;
    }

    void require(boolean condition, String message) {
        if (!condition) {
            problem(message);
        }
    }

    void problem(String message) {
        problems.add(message);
    }

    /** Fails the synth with every problem found, each on its own line. */
    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid CDK context (pass values with -c key=value):\n  - "
                    + String.join("\n  - ", problems));
        }
    }
}
