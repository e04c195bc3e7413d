package com.csvtokafka.localstack;

/** Whether a started server lives and dies with this JVM or outlives it. */
enum Launch {
    /**
     * For tests: a shutdown hook stops the server when this JVM exits, and a watchdog inside the server JVM
     * ({@link com.csvtokafka.localstack.child.ChildMain}) ends it if this JVM dies without running hooks.
     */
    SUPERVISED,
    /** For the CLI: the server runs in a session of its own and keeps running after this JVM exits. */
    DETACHED
}
