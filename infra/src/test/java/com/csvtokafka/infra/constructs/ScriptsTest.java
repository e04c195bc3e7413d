package com.csvtokafka.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The user data scripts are bash: a syntax error would only show on a booted instance, so catch it here. */
class ScriptsTest {

    @ParameterizedTest
    @ValueSource(strings = {"ec2-prepare.sh", "ec2-run.sh", "batch-instance.sh", "batch-spot-notice.sh"})
    void scriptParsesAsBash(String name) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        Path file = Files.createTempFile(name, ".sh");
        Files.writeString(file, "#!/bin/bash\n" + Scripts.read(name));
        Process bash = new ProcessBuilder("/bin/bash", "-n", file.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor()).as(output).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec2-prepare.sh", "ec2-run.sh", "batch-instance.sh", "batch-spot-notice.sh"})
    void scriptsUseImdsV2Only(String name) {
        String script = Scripts.read(name);
        if (script.contains("169.254.169.254")) {
            assertThat(script).contains("X-aws-ec2-metadata-token");
        }
    }

    /**
     * The Batch instances' Spot notice watcher, run against stand-ins for curl, docker, logger and sleep: the notice
     * appears after the first poll and stays; a second job container starts after it (placed just before the
     * instance went DRAINING). Both get one SIGTERM each, and the watcher is still polling at the end.
     */
    @Test
    void spotNoticeWatcherSignalsEveryTaskContainerOnceAndKeepsWatching() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        Path dir = Files.createTempDirectory("spot-notice");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        stub(bin, "curl", "[ -f \"$STATE/notice\" ] || exit 22; echo token");
        stub(bin, "logger", "true");
        stub(bin, "docker", """
                case "$1" in
                  ps) cat "$STATE/containers" ;;
                  kill) echo "$3 $4" >> "$STATE/killed" ;;
                esac""");
        stub(bin, "sleep", """
                polls=$(( $(cat "$STATE/polls" 2>/dev/null || echo 0) + 1 )); echo "$polls" > "$STATE/polls"
                case "$polls" in
                  1) touch "$STATE/notice" ;;
                  3) echo c2 >> "$STATE/containers" ;;
                  6) kill -TERM "$PPID" ;;
                esac""");
        Files.writeString(dir.resolve("containers"), "c1\n");
        Path watcher = dir.resolve("batch-spot-notice.sh");
        Files.writeString(watcher, Scripts.read("batch-spot-notice.sh"));

        ProcessBuilder builder = new ProcessBuilder("/bin/bash", watcher.toString()).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("STATE", dir.toString());
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the watcher stops when the test ends it").isTrue();

        assertThat(Files.readAllLines(dir.resolve("killed"))).containsExactly("TERM c1", "TERM c2");
        assertThat(Files.readString(dir.resolve("polls")).trim()).as("still polling after the first notice")
                .isEqualTo("6");
    }

    private static void stub(Path bin, String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
