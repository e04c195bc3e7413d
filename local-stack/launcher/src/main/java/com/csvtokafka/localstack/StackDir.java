package com.csvtokafka.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CLI's stack directory: every server's data, logs ({@code <component>.log}), pid files
 * ({@code <component>.pid}) and {@code stack.env}.
 */
record StackDir(Path root) {

    StackDir {
        root = root.toAbsolutePath().normalize();
    }

    Path envFile() {
        return root.resolve("stack.env");
    }

    Path pidFile(Component component) {
        return root.resolve(component.label() + ".pid");
    }

    Path log(Component component) {
        return root.resolve(component.label() + ".log");
    }

    Optional<StackEnv> env() {
        return StackEnv.read(envFile());
    }

    Optional<Long> recordedPid(Component component) {
        Path file = pidFile(component);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (NumberFormatException unreadable) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The live process of the pid file, only if it still is this stack's server (pids get reused). */
    Optional<ProcessHandle> running(Component component) {
        return recordedPid(component)
                .flatMap(ProcessHandle::of)
                .filter(component.marker(root)::matches);
    }

    void writePid(Component component, long pid) {
        ConfigFiles.write(pidFile(component), pid + "\n");
    }

    void deletePid(Component component) {
        try {
            Files.deleteIfExists(pidFile(component));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + pidFile(component), e);
        }
    }
}
