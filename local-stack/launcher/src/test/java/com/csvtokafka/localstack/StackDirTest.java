package com.csvtokafka.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackDirTest {

    @TempDir
    Path root;

    private Process fake;

    @AfterEach
    void killFake() throws InterruptedException {
        if (fake != null) {
            fake.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A process carrying a marker on its command line, as our servers do (bash keeps $0 in argv). */
    private Process processMarked(ProcessMarker marker) throws Exception {
        fake = new ProcessBuilder("bash", "-c", "sleep 60; true", marker.argument()).start();
        return fake;
    }

    @Test
    void pidFileOfThisStacksServerIsRunning() throws Exception {
        StackDir dir = new StackDir(root);
        Process server = processMarked(Component.KAFKA.marker(root));
        dir.writePid(Component.KAFKA, server.pid());

        assertThat(dir.running(Component.KAFKA)).hasValueSatisfying(p -> assertThat(p.pid()).isEqualTo(server.pid()));
    }

    @Test
    void pidReusedByAnotherProcessIsNotRunning() {
        StackDir dir = new StackDir(root);
        dir.writePid(Component.KAFKA, ProcessHandle.current().pid());

        assertThat(dir.recordedPid(Component.KAFKA)).contains(ProcessHandle.current().pid());
        assertThat(dir.running(Component.KAFKA)).isEmpty();
    }

    @Test
    void serverOfAnotherStackDirectoryOrComponentIsNotOurs() throws Exception {
        StackDir dir = new StackDir(root);
        Process other = processMarked(Component.KAFKA.marker(root.resolve("elsewhere")));
        dir.writePid(Component.KAFKA, other.pid());
        dir.writePid(Component.S3, other.pid());

        assertThat(dir.running(Component.KAFKA)).isEmpty();
        assertThat(dir.running(Component.S3)).isEmpty();
    }

    @Test
    void deadPidIsNotRunning() throws Exception {
        StackDir dir = new StackDir(root);
        Process server = processMarked(Component.S3.marker(root));
        dir.writePid(Component.S3, server.pid());
        server.destroyForcibly().waitFor();

        assertThat(dir.running(Component.S3)).isEmpty();
    }
}
