package com.csvtokafka.localstack;

import com.csvtokafka.localstack.child.ChildMain;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One running server JVM started by the launcher. */
final class ChildJvm {

    private static final File DEV_NULL = new File("/dev/null");
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final JvmSpec spec;
    private final Process process;

    private ChildJvm(JvmSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    static ChildJvm launch(JvmSpec spec, Launch launch) {
        List<String> command = new ArrayList<>();
        String classpath = spec.classpath().joined();
        if (launch == Launch.DETACHED && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            // own session: a Ctrl-C or hang-up aimed at the shell that ran `bin/local-stack start` must not reach it
            command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(spec.marker().argument());
        command.addAll(spec.jvmOptions());
        if (launch == Launch.SUPERVISED) {
            classpath = launcherLocation() + File.pathSeparator + classpath;
            command.add(ChildMain.class.getName());
            command.add(Long.toString(ProcessHandle.current().pid()));
        }
        command.add(spec.mainClass());
        command.addAll(spec.args());

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(spec.workDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()));
        // CLASSPATH rather than -cp keeps the command line short (S3Proxy's classpath alone is ~12 kB) for ps,
        // and for the pid verification that reads it back
        builder.environment().put("CLASSPATH", classpath);
        try {
            Files.createDirectories(spec.workDir());
            Files.writeString(spec.log(), "=== " + Instant.now() + " local-stack starting " + spec.name() + ": "
                            + String.join(" ", command) + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new ChildJvm(spec, builder.start());
        } catch (IOException e) {
            throw new LocalStackException("cannot start " + spec.name() + " (" + command.get(0) + "): "
                    + e.getMessage(), e);
        }
    }

    /** The launcher's jar (or classes directory), which holds {@link ChildMain}. */
    private static String launcherLocation() {
        try {
            return Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the launcher's own jar", e);
        }
    }

    JvmSpec spec() {
        return spec;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM, then up to {@code grace} for the server's own clean shutdown, then SIGKILL. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(grace)) {
            kill();
        }
    }

    /** SIGKILL: the server gets no chance to flush or deregister, as in a machine or container crash. */
    void kill() {
        process.destroyForcibly();
        if (!waitFor(KILL_WAIT)) {
            throw new LocalStackException(spec.name() + " (pid " + pid() + ") survived SIGKILL for " + KILL_WAIT);
        }
    }

    /** For a JVM that ends by itself (a tool run): its exit code, or an error if it runs past {@code timeout}. */
    int awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            kill();
            throw new LocalStackException(spec.name() + " did not finish within " + timeout.toSeconds() + " s"
                    + LogTail.describe(List.of(spec.log()), 30));
        }
        return process.exitValue();
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while waiting for " + spec.name() + " to exit", e);
        }
    }
}
