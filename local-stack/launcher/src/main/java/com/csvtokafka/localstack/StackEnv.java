package com.csvtokafka.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stack's endpoints and credentials as environment variables: the contents of {@code <dataDir>/stack.env}.
 * Plain {@code KEY=value} lines without quoting (no value needs any), so bash can source the file
 * ({@code set -a; . stack.env; set +a}) and env-file readers can parse it.
 */
record StackEnv(Map<String, String> variables) {

    static final String ACCESS_KEY_VARIABLE = "AWS_ACCESS_KEY_ID";
    static final String SECRET_KEY_VARIABLE = "AWS_SECRET_ACCESS_KEY";
    static final String REGION_VARIABLE = "AWS_REGION";

    StackEnv {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** Endpoints in {@link Component} order, then the credentials both local AWS services accept. */
    static StackEnv of(Map<Component, String> endpoints) {
        Map<String, String> variables = new LinkedHashMap<>();
        new EnumMap<>(endpoints).forEach((component, endpoint) ->
                variables.put(component.endpointVariable(), endpoint));
        variables.put(ACCESS_KEY_VARIABLE, LocalAws.ACCESS_KEY);
        variables.put(SECRET_KEY_VARIABLE, LocalAws.SECRET_KEY);
        variables.put(REGION_VARIABLE, LocalAws.REGION);
        return new StackEnv(variables);
    }

    Optional<String> endpoint(Component component) {
        return Optional.ofNullable(variables.get(component.endpointVariable()));
    }

    Map<Component, String> endpoints() {
        Map<Component, String> endpoints = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            endpoint(component).ifPresent(endpoint -> endpoints.put(component, endpoint));
        }
        return endpoints;
    }

    String render() {
        StringBuilder text = new StringBuilder();
        variables.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }

    static StackEnv parse(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && equals > 0) {
                variables.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        return new StackEnv(variables);
    }

    static Optional<StackEnv> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    void write(Path file) {
        ConfigFiles.write(file, render());
    }
}
