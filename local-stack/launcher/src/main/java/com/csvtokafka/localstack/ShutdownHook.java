package com.csvtokafka.localstack;

/** A JVM shutdown hook that stops a server, removed again once the server was stopped the normal way. */
final class ShutdownHook {

    private final Thread thread;

    private ShutdownHook(Thread thread) {
        this.thread = thread;
    }

    static ShutdownHook register(String name, Runnable stop) {
        Thread thread = new Thread(stop, "local-stack-stop-" + name);
        Runtime.getRuntime().addShutdownHook(thread);
        return new ShutdownHook(thread);
    }

    void cancel() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // we are running inside the hook itself (or the JVM is exiting): nothing left to cancel
        }
    }
}
