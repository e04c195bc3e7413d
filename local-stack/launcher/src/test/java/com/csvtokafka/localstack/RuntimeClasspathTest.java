package com.csvtokafka.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeClasspathTest {

    private static Properties rootVersions;

    @BeforeAll
    static void readRootVersions() throws IOException {
        rootVersions = new Properties();
        try (InputStream in = RuntimeClasspathTest.class.getResourceAsStream("/localstack/root-versions.properties")) {
            rootVersions.load(in);
        }
    }

    /** The runtimes' standalone parent pins its own versions; they must be the root pom's. */
    @ParameterizedTest
    @CsvSource({"kafka, kafka_2.13-, kafka.version", "s3proxy, s3proxy-, s3proxy.version",
            "dynamodb, DynamoDBLocal-, dynamodb-local.version"})
    void runtimeResolvesTheRootPomsVersionAndAllItsFilesExist(String runtime, String jarPrefix, String property) {
        RuntimeClasspath classpath = RuntimeClasspath.of(runtime);

        String expectedJar = jarPrefix + rootVersions.getProperty(property) + ".jar";
        assertThat(classpath.entries()).extracting(path -> path.getFileName().toString()).contains(expectedJar);
        assertThat(classpath.entries()).allMatch(Files::isRegularFile);
    }

    @Test
    void kafkaRuntimeCarriesTheLog4jBindingSoTheBrokerLogsAtAll() {
        assertThat(RuntimeClasspath.of("kafka").entries())
                .anyMatch(path -> path.getFileName().toString().startsWith("log4j-slf4j-impl-"));
    }

    /** The servers' jars must stay off this classpath, and so off the integration tests' classpath. */
    @ParameterizedTest
    @CsvSource({"kafka.Kafka", "org.gaul.s3proxy.Main", "com.amazonaws.services.dynamodbv2.local.main.ServerRunner",
            "org.eclipse.jetty.server.Server", "org.jclouds.ContextBuilder"})
    void serverClassesAreNotOnTheLaunchersClasspath(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void missingRuntimeNamesTheModuleToDependOn() {
        assertThatThrownBy(() -> RuntimeClasspath.of("nosuch"))
                .isInstanceOf(LocalStackException.class)
                .hasMessageContaining("com.csvtokafka:local-stack-runtime-nosuch");
    }

    @Test
    void sqliteNativeLibraryDirectoryHoldsTheLibraryForThisMachine() throws IOException {
        Path directory = SqliteNativeLibrary.directory();
        String prefix = SqliteNativeLibrary.prefix(System.getProperty("os.name"), System.getProperty("os.arch"));

        try (var files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString())).anyMatch(name -> name.startsWith(prefix));
        }
    }

    @ParameterizedTest
    @CsvSource({"Linux, amd64, libsqlite4java-linux-amd64", "Linux, i386, libsqlite4java-linux-i386",
            "Mac OS X, x86_64, libsqlite4java-osx", "Windows 11, amd64, sqlite4java-win32-x64"})
    void sqliteLibraryNamesFollowSqlite4javasScheme(String os, String arch, String expected) {
        assertThat(SqliteNativeLibrary.prefix(os, arch)).isEqualTo(expected);
    }
}
