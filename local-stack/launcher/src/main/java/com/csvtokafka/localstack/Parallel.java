package com.csvtokafka.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a few slow, mostly waiting tasks (server starts and stops) at once, each on a thread of its own. Not
 * the common fork-join pool: on a 2-core machine it has a single thread and would run them one by one.
 */
final class Parallel {

    private Parallel() {
    }

    /** Runs all tasks and waits for all of them; each outcome is then read with {@link #value}. */
    static <T> List<Future<T>> run(List<Callable<T>> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size(), task -> {
            Thread thread = new Thread(task, "local-stack-parallel");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return new ArrayList<>(threads.invokeAll(tasks));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted", e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** The task's result, or its own exception (a {@link RuntimeException}) rethrown as it was. */
    static <T> T value(Future<T> done) {
        try {
            return done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new LocalStackException(e.getCause().toString(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted", e);
        }
    }
}
