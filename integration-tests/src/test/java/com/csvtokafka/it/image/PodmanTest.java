package com.csvtokafka.it.image;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The image IT without its tools: skipped on a developer's machine, failed in CI. */
class PodmanTest {
    @TempDir
    Path dir;

    @Test
    void withoutPodmanTheImageTestIsSkippedSayingWhatToInstall() {
        assertThatThrownBy(() -> Podman.requireTools(Map.of("PATH", dir.toString())))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("needs podman and mmdebstrap").hasMessageContaining("apt-get install podman runc mmdebstrap");
    }

    @Test
    void inCiAMissingToolFailsTheImageTestInsteadOfSkippingIt() throws Exception {
        tool("podman");
        assertThatThrownBy(() -> Podman.requireTools(Map.of("PATH", dir.toString(), "CI", "true")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("needs mmdebstrap").hasMessageContaining("CI=true");
    }

    @Test
    void withBothToolsOnThePathTheImageTestRuns() throws Exception {
        tool("podman");
        tool("mmdebstrap");
        assertThatCode(() -> Podman.requireTools(Map.of("PATH", "/nonexistent:" + dir, "CI", "true")))
                .doesNotThrowAnyException();
    }

    private void tool(String name) throws Exception {
        Files.createFile(dir.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
