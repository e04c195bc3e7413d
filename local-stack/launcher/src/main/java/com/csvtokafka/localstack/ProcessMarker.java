package com.csvtokafka.localstack;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A system property put on every server's command line naming the component and its data directory, so that
 * {@code bin/local-stack stop} signals a pid from a pid file only if that pid still is our server (pids are
 * reused after a reboot or a crash).
 */
record ProcessMarker(String component, Path dataDir) {

    private static final String PROPERTY = "-Dcsvtokafka.localstack=";

    ProcessMarker {
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    String argument() {
        return PROPERTY + component + "@" + dataDir;
    }

    boolean matches(ProcessHandle process) {
        return process.isAlive()
                && process.info().arguments().map(args -> Arrays.asList(args).contains(argument())).orElse(false);
    }
}
