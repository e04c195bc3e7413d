package com.csvtokafka.localstack.child;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point of a supervised server JVM: runs the server's real main class, and ends the JVM once the process
 * that started it is gone.
 *
 * <p>The launcher's shutdown hook covers a normal exit and SIGTERM of a test JVM, but not SIGKILL, a crash or a
 * surefire fork being torn down; without this watchdog such a run would leave brokers holding ports and disk.
 * It uses only the JDK and sits in a package of its own because the launcher puts its own jar on the server's
 * classpath just for this class: nothing else of the launcher may be loaded there.
 *
 * <p>Usage: {@code ChildMain <parent pid> <main class> [args...]}
 */
public final class ChildMain {

    /** How long the server's own shutdown hooks may take once the parent is gone, before the JVM halts. */
    private static final long HALT_AFTER_MILLIS = 15_000;

    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ChildMain <parent pid> <main class> [args...]");
            System.exit(2);
        }
        exitWhenGone(Long.parseLong(args[0]));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenGone(long parentPid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            System.err.println("local-stack: parent process " + parentPid + " is already gone; not starting");
            System.exit(1);
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("local-stack: parent process " + parentPid + " exited; shutting down");
            Thread halt = new Thread(() -> {
                sleep(HALT_AFTER_MILLIS);
                Runtime.getRuntime().halt(1);
            }, "local-stack-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(1);
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
