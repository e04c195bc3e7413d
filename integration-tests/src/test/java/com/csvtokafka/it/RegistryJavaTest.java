package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which JDK runs Apicurio Registry, on fake JDK homes (a release file and an executable bin/java). */
class RegistryJavaTest {
    @TempDir
    Path jvms;

    private Path jdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @Test
    void theNewestJdkOfAtLeast21UnderTheRootIsChosen() throws IOException {
        jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-21-jdk", "21.0.7");
        Path newest = jdk("temurin-25-jdk-amd64", "25.0.3");
        Files.createDirectories(jvms.resolve("not-a-jdk"));

        RegistryJava java = RegistryJava.find(null, null, jvms, jvms.resolve("java-17-openjdk-amd64"));

        assertThat(java.home()).isEqualTo(newest);
        assertThat(java.feature()).isEqualTo(25);
        assertThat(java.executable()).isEqualTo(newest.resolve("bin/java"));
    }

    @Test
    void thePropertyWinsOverTheEnvironmentAndTheScan() throws IOException {
        jdk("temurin-25", "25.0.3");
        Path property = jdk("elsewhere-21", "21.0.1");
        Path env = jdk("env-22", "22");

        assertThat(RegistryJava.find(property.toString(), env.toString(), jvms, jvms).home()).isEqualTo(property);
        assertThat(RegistryJava.find(null, env.toString(), jvms, jvms).home()).isEqualTo(env);
    }

    @Test
    void aNamedJdkThatIsTooOldOrNoJdkIsRefusedByName() throws IOException {
        Path old = jdk("java-17", "17.0.15");

        assertThatThrownBy(() -> RegistryJava.find(null, old.toString(), jvms, jvms))
                .hasMessageContaining("REGISTRY_JAVA_HOME=" + old + " is Java 17")
                .hasMessageContaining("needs Java 21 or newer");
        assertThatThrownBy(() -> RegistryJava.find(jvms.resolve("nope").toString(), null, jvms, jvms))
                .hasMessageContaining("-Dregistry.java.home=")
                .hasMessageContaining("is not a JDK");
    }

    @Test
    void withoutAnyJava21TheMessageSaysWhatWasFoundAndHowToNameOne() throws IOException {
        Path old = jdk("java-17-openjdk-amd64", "17.0.15");

        assertThatThrownBy(() -> RegistryJava.find(null, null, jvms, old))
                .hasMessageContaining("no Java 21+ JDK")
                .hasMessageContaining("java-17-openjdk-amd64 (17)")
                .hasMessageContaining("REGISTRY_JAVA_HOME=");
    }

    @Test
    void thisJvmIsTheLastResortWhenItIsNewEnough() throws IOException {
        Path own = jdk("own", "21.0.2");

        assertThat(RegistryJava.find(null, null, jvms.resolve("missing-root"), own).home()).isEqualTo(own);
    }

    @Test
    void versionStringsOfOldAndNewSchemes() {
        assertThat(RegistryJava.featureOf("25.0.3")).contains(25);
        assertThat(RegistryJava.featureOf("21")).contains(21);
        assertThat(RegistryJava.featureOf("1.8.0_402")).contains(8);
        assertThat(RegistryJava.featureOf("")).isEmpty();
    }
}
