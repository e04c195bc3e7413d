package com.csvtokafka.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The files of one server runtime (Kafka, S3Proxy, DynamoDB Local) as resolved by Maven at build time.
 * Each {@code local-stack-runtime-*} module writes them into its jar as {@code localstack/<runtime>.classpath};
 * the servers' own jars never reach this JVM's classpath, so their dependencies cannot clash with ours.
 */
record RuntimeClasspath(String runtime, List<Path> entries) {

    static final String REBUILD = "mvn -B -pl local-stack/launcher -am install -DskipTests";

    static RuntimeClasspath of(String runtime) {
        return new RuntimeClasspath(runtime, resource(runtime, runtime + ".classpath"));
    }

    /** A path list recorded by runtime {@code runtime}'s module, e.g. DynamoDB Local's native libraries. */
    static List<Path> resource(String runtime, String name) {
        String resource = "localstack/" + name;
        try (InputStream in = RuntimeClasspath.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LocalStackException("resource " + resource + " is not on the classpath: add a dependency on"
                        + " com.csvtokafka:local-stack-runtime-" + runtime + " (com.csvtokafka:local-stack brings it)");
            }
            List<Path> paths = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()
                            .split(File.pathSeparator))
                    .filter(entry -> !entry.isBlank())
                    .map(Path::of)
                    .collect(Collectors.toList());
            for (Path path : paths) {
                if (!Files.exists(path)) {
                    throw new LocalStackException(path + " (listed in " + resource + ") does not exist; was the local"
                            + " Maven repository cleaned? Resolve it again with: " + REBUILD);
                }
            }
            return List.copyOf(paths);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    String joined() {
        return entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
