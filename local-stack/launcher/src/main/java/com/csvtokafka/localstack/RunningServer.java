package com.csvtokafka.localstack;

import java.time.Duration;
import java.util.List;

/** A single-JVM server (S3Proxy, DynamoDB Local) that has answered its readiness probe. */
final class RunningServer {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final ChildJvm jvm;
    private final ShutdownHook hook;

    private RunningServer(ChildJvm jvm, ShutdownHook hook) {
        this.jvm = jvm;
        this.hook = hook;
    }

    /** Starts {@code spec} and waits for {@code probe}; on failure nothing is left running. */
    static RunningServer start(JvmSpec spec, Launch launch, String what, Readiness.Probe probe) {
        ChildJvm jvm = ChildJvm.launch(spec, launch);
        try {
            Readiness.await(what, List.of(jvm), Readiness.START_TIMEOUT, List.of(spec.log()), probe);
        } catch (RuntimeException e) {
            jvm.kill();
            throw e;
        }
        ShutdownHook hook = launch == Launch.SUPERVISED
                ? ShutdownHook.register(spec.name(), () -> jvm.stop(STOP_GRACE))
                : null;
        return new RunningServer(jvm, hook);
    }

    long pid() {
        return jvm.pid();
    }

    void stop() {
        if (hook != null) {
            hook.cancel();
        }
        jvm.stop(STOP_GRACE);
    }
}
