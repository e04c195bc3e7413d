package com.csvtokafka.localstack.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChildMainTest {

    private Process parent;
    private Process child;

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process process : new Process[] {child, parent}) {
            if (process != null) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void serverRunsWhileItsParentLivesAndExitsOnceTheParentDies() throws Exception {
        parent = new ProcessBuilder("sleep", "120").start();
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", location(ChildMain.class) + File.pathSeparator + location(Sleeper.class),
                ChildMain.class.getName(), Long.toString(parent.pid()), Sleeper.class.getName())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();

        assertThat(child.waitFor(2, TimeUnit.SECONDS)).as("child exited while its parent was alive").isFalse();

        parent.destroyForcibly();

        assertThat(child.waitFor(15, TimeUnit.SECONDS)).as("child still running after its parent died").isTrue();
    }

    @Test
    void refusesToStartWhenTheParentIsAlreadyGone() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", location(ChildMain.class) + File.pathSeparator + location(Sleeper.class),
                ChildMain.class.getName(), Long.toString(gone.pid()), Sleeper.class.getName())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();

        assertThat(child.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(1);
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
