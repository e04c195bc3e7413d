package com.csvtokafka.it.permissions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The contexts the permission checks synthesize: {@code default} (no context: the sandbox everywhere) and every
 * documented one, infra/contexts/NAME.json, split by what their jobs read: files from S3, or a Kafka topic
 * ({@code sourceTopic}).
 */
final class DeployContexts {
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private DeployContexts() {
    }

    /** The contexts whose jobs read files. */
    static List<String> fileSources() throws IOException {
        return matching(false);
    }

    /** The contexts whose jobs copy a Kafka topic. */
    static List<String> kafkaSources() throws IOException {
        return matching(true);
    }

    static Map<String, String> values(String context) throws IOException {
        if (context.equals("default")) {
            return Map.of();
        }
        return new ObjectMapper().readValue(REPOSITORY.resolve("infra/contexts/" + context + ".json").toFile(),
                new TypeReference<>() {
                });
    }

    private static List<String> matching(boolean kafkaSource) throws IOException {
        List<String> names = new ArrayList<>(List.of("default"));
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("infra/contexts"))) {
            files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length())).sorted().forEach(names::add);
        }
        List<String> matching = new ArrayList<>();
        for (String name : names) {
            if (values(name).containsKey("sourceTopic") == kafkaSource) {
                matching.add(name);
            }
        }
        return matching;
    }
}
