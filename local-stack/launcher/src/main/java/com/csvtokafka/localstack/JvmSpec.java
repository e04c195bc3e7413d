package com.csvtokafka.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * How to start one server JVM; kept so that a restart starts exactly the same thing (same ports, same data).
 *
 * @param log receives the JVM's stdout and stderr, appended, so it can never block on a full pipe
 */
record JvmSpec(ProcessMarker marker, RuntimeClasspath classpath, List<String> jvmOptions, String mainClass,
               List<String> args, Path workDir, Path log) {

    JvmSpec {
        jvmOptions = List.copyOf(jvmOptions);
        args = List.copyOf(args);
    }

    String name() {
        return marker.component();
    }
}
