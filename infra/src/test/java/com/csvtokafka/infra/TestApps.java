package com.csvtokafka.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * Builds the real app for tests: cdk.json's feature flags (so tests see what `cdk synth` sees), a stand-in
 * processor directory (tests never need the processor built), and the given context.
 */
public final class TestApps {

    private static Path processorDir;
    private static InfraApp.Stacks defaults;

    private TestApps() {
    }

    /** The app as a fresh clone synthesizes it: no -c at all (sandbox everywhere). Built once per test JVM. */
    public static synchronized InfraApp.Stacks defaults() {
        if (defaults == null) {
            defaults = build(Map.of());
        }
        return defaults;
    }

    public static InfraApp.Stacks build(Map<String, String> context) {
        return InfraApp.build(app(context));
    }

    public static App app(Map<String, String> context) {
        Map<String, Object> all = new HashMap<>(cdkJsonContext());
        all.put("processorDir", processorDir().toString());
        all.putAll(context);
        try {
            return new App(AppProps.builder()
                    .context(all)
                    .outdir(Files.createTempDirectory("cdk.out").toString())
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A processor module directory as the build leaves it: sources and build leftovers beside the Dockerfile and
     * the jar and the class list, so tests can show that only those are staged.
     */
    public static synchronized Path processorDir() {
        if (processorDir == null) {
            try {
                Path dir = Files.createTempDirectory("processor");
                Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY target/csv-to-kafka.jar /app/\n");
                Files.createDirectories(dir.resolve("target/classes"));
                Files.write(dir.resolve("target/csv-to-kafka.jar"), new byte[] {'P', 'K', 3, 4});
                Files.writeString(dir.resolve("target/classes/Main.class"), "not shipped");
                Files.createDirectories(dir.resolve("src/main/cds"));
                Files.writeString(dir.resolve("src/main/cds/classes.lst"), "java/lang/Object\n");
                Files.createDirectories(dir.resolve("src/main/java"));
                Files.writeString(dir.resolve("src/main/java/Main.java"), "not shipped");
                Files.writeString(dir.resolve("pom.xml"), "<project/>");
                processorDir = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return processorDir;
    }

    /**
     * A documented context from {@code infra/contexts/NAME.json} (what bin/synth synthesizes and lints besides the
     * default): {@code production-iam}, {@code production-scram}, {@code batch-shards} or {@code kafka-follow};
     * {@code sandbox} is no context at all.
     */
    public static Map<String, String> context(String name) {
        if (name.equals("sandbox")) {
            return Map.of();
        }
        Path file = Path.of("contexts", name + ".json");
        try {
            return new ObjectMapper().readValue(file.toFile(), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    static Map<String, Object> cdkJsonContext() {
        Path cdkJson = Path.of("..", "cdk.json");
        try {
            Map<String, Object> json = new ObjectMapper().readValue(cdkJson.toFile(), new TypeReference<>() {
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) json.get("context");
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + cdkJson.toAbsolutePath(), e);
        }
    }
}
