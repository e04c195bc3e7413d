package com.csvtokafka.localstack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code start}, {@code stop} and {@code status} of the CLI's detached stack, driven by pid files. */
final class StackControl {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final StackDir dir;
    private final Map<Component, Integer> requestedPorts;
    private final PrintStream out;
    private final PrintStream err;

    /** @param requestedPorts ports the user fixed (KAFKA_PORT, ...); others are chosen */
    StackControl(StackDir dir, Map<Component, Integer> requestedPorts, PrintStream out, PrintStream err) {
        this.dir = dir;
        this.requestedPorts = Map.copyOf(requestedPorts);
        this.out = out;
        this.err = err;
    }

    /**
     * Starts whichever servers are not running, all at once, then writes pid files and stack.env and prints
     * the status. A server whose previous port is still free gets it again, so a sourced stack.env stays valid.
     */
    int start() {
        Map<Component, String> previous = dir.env().map(StackEnv::endpoints).orElse(Map.of());
        Map<Component, String> endpoints = new EnumMap<>(Component.class);
        List<Component> starting = new ArrayList<>();
        List<Callable<Long>> starts = new ArrayList<>();
        for (Component component : Component.values()) {
            Optional<ProcessHandle> running = dir.running(component);
            if (running.isPresent()) {
                endpoints.put(component, Optional.ofNullable(previous.get(component)).orElseThrow(
                        () -> new LocalStackException(component.label() + " is running (pid " + running.get().pid()
                                + ") but " + dir.envFile() + " no longer says where; run bin/local-stack stop, then"
                                + " start")));
                continue;
            }
            int port = choosePort(component, previous);
            endpoints.put(component, component.endpoint(port));
            starting.add(component);
            starts.add(() -> component.startDetached(dir.root(), port));
        }
        if (!starting.isEmpty()) {
            out.println("starting " + labels(starting) + " in " + dir.root() + " ...");
        }
        List<Future<Long>> started = Parallel.run(starts);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < starting.size(); i++) {
            try {
                dir.writePid(starting.get(i), Parallel.value(started.get(i)));
            } catch (RuntimeException e) {
                failures.add(starting.get(i).label() + " failed to start: " + e.getMessage());
            }
        }
        StackEnv.of(endpoints).write(dir.envFile());
        int health = status();
        failures.forEach(err::println);
        if (!failures.isEmpty()) {
            return 1;
        }
        out.println("environment: " + dir.envFile() + "   (bash: set -a; . " + dir.envFile() + "; set +a)");
        return health;
    }

    private int choosePort(Component component, Map<Component, String> previous) {
        int requested = requestedPorts.getOrDefault(component, 0);
        if (requested > 0 && !Ports.isFree(requested)) {
            throw new LocalStackException(component.portVariable() + "=" + requested + " is in use by another"
                    + " process on " + Ports.HOST + "; choose another port or unset " + component.portVariable());
        }
        int before = Optional.ofNullable(previous.get(component)).map(Component::port).orElse(0);
        return Ports.choose(requested, before);
    }

    /** One line per server: pid, endpoint, and whether it answers. 0 only if all do. */
    int status() {
        Map<Component, String> endpoints = dir.env().map(StackEnv::endpoints).orElse(Map.of());
        boolean allHealthy = true;
        out.printf("%-9s %-8s %-24s %s%n", "component", "pid", "endpoint", "state");
        for (Component component : Component.values()) {
            Optional<ProcessHandle> process = dir.running(component);
            String endpoint = endpoints.getOrDefault(component, "-");
            String state;
            if (process.isEmpty()) {
                state = "stopped";
            } else if (endpoints.containsKey(component) && component.isHealthy(endpoint)) {
                state = "healthy";
            } else {
                state = "not answering (see " + dir.log(component) + ")";
            }
            allHealthy &= state.equals("healthy");
            out.printf("%-9s %-8s %-24s %s%n", component.label(),
                    process.map(p -> Long.toString(p.pid())).orElse("-"), endpoint, state);
        }
        return allHealthy ? 0 : 1;
    }

    /**
     * SIGTERM to every server the pid files name, if the pid still is that server; SIGKILL to any that has
     * not exited after {@link #STOP_GRACE}. Data stays for the next start.
     */
    int stop() {
        Map<Component, ProcessHandle> stopping = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            Optional<Long> recorded = dir.recordedPid(component);
            Optional<ProcessHandle> process = dir.running(component);
            if (process.isPresent()) {
                process.get().destroy();
                stopping.put(component, process.get());
            } else {
                out.println(component.label() + ": not running" + recorded
                        .map(pid -> " (pid file named " + pid + ", which is not this stack's " + component.label()
                                + "; removed it)")
                        .orElse(""));
                dir.deletePid(component);
            }
        }
        boolean allStopped = true;
        for (Map.Entry<Component, ProcessHandle> entry : stopping.entrySet()) {
            Component component = entry.getKey();
            ProcessHandle process = entry.getValue();
            boolean clean = awaitExit(process, STOP_GRACE);
            if (!clean) {
                process.destroyForcibly();
            }
            if (clean || awaitExit(process, KILL_WAIT)) {
                out.println(component.label() + ": stopped (pid " + process.pid() + (clean ? ")" : ", killed after "
                        + STOP_GRACE.toSeconds() + " s)"));
                dir.deletePid(component);
            } else {
                err.println(component.label() + ": pid " + process.pid() + " survived SIGKILL");
                allStopped = false;
            }
        }
        return allStopped ? 0 : 1;
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static String labels(List<Component> components) {
        return String.join(", ", components.stream().map(Component::label).toList());
    }
}
