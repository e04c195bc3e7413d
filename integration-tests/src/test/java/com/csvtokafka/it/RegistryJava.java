package com.csvtokafka.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code java} that runs Apicurio Registry. Its class files are Java 21 while the build runs on Java 17, so
 * it needs a JDK of its own: the one named by system property {@value #PROPERTY} or environment variable
 * {@value #ENV} (that order), else the newest Java 21+ JDK under {@code /usr/lib/jvm}, else this JVM if it is 21+.
 */
record RegistryJava(Path home, int feature) {

    static final String PROPERTY = "registry.java.home";
    static final String ENV = "REGISTRY_JAVA_HOME";
    static final int MINIMUM = 21;
    static final Path JVM_ROOT = Path.of("/usr/lib/jvm");

    Path executable() {
        return home.resolve("bin").resolve("java");
    }

    static RegistryJava find() {
        return find(System.getProperty(PROPERTY), System.getenv(ENV), JVM_ROOT,
                Path.of(System.getProperty("java.home")));
    }

    /**
     * @param property  the system property's value or null
     * @param env       the environment variable's value or null
     * @param jvmRoot   where JDKs are installed side by side
     * @param ownHome   this JVM's home, the last resort
     */
    static RegistryJava find(String property, String env, Path jvmRoot, Path ownHome) {
        String named = property != null && !property.isBlank() ? property : env;
        if (named != null && !named.isBlank()) {
            String source = property != null && !property.isBlank() ? "-D" + PROPERTY : ENV;
            RegistryJava java = probe(Path.of(named.trim())).orElseThrow(() -> new IllegalStateException(
                    source + "=" + named + " is not a JDK (no bin/java and release file with JAVA_VERSION there)"));
            if (java.feature() < MINIMUM) {
                throw new IllegalStateException(source + "=" + named + " is Java " + java.feature()
                        + "; Apicurio Registry needs Java " + MINIMUM + " or newer");
            }
            return java;
        }
        List<RegistryJava> installed = installed(jvmRoot);
        return installed.stream()
                .filter(java -> java.feature() >= MINIMUM)
                .max(Comparator.comparingInt(RegistryJava::feature).thenComparing(java -> java.home().toString()))
                .or(() -> probe(ownHome).filter(java -> java.feature() >= MINIMUM))
                .orElseThrow(() -> new IllegalStateException("no Java " + MINIMUM + "+ JDK for Apicurio Registry (its"
                        + " class files are Java " + MINIMUM + "; the build's Java " + Runtime.version().feature()
                        + " refuses them). Found under " + jvmRoot + ": " + (installed.isEmpty() ? "none"
                        : installed.stream().map(java -> java.home().getFileName() + " (" + java.feature() + ")")
                                .collect(Collectors.joining(", ")))
                        + ". Install one (e.g. Temurin 25) or name it with " + ENV + "=/path/to/jdk or -D" + PROPERTY));
    }

    private static List<RegistryJava> installed(Path jvmRoot) {
        if (!Files.isDirectory(jvmRoot)) {
            return List.of();
        }
        try (Stream<Path> homes = Files.list(jvmRoot)) {
            return homes.map(RegistryJava::probe).flatMap(Optional::stream).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + jvmRoot, e);
        }
    }

    /** A JDK or JRE home: its {@code release} file says the version, as every OpenJDK build writes it. */
    static Optional<RegistryJava> probe(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            properties.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
        return featureOf(version).map(feature -> new RegistryJava(home.toAbsolutePath().normalize(), feature));
    }

    /** "25.0.3" → 25, "21" → 21, "1.8.0_402" → 8. */
    static Optional<Integer> featureOf(String version) {
        String[] parts = version.split("[._+-]");
        try {
            int first = Integer.parseInt(parts[0]);
            return Optional.of(first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
