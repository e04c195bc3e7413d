package com.csvtokafka.it.chaos;

import com.csvtokafka.it.Processor;
import java.io.IOException;

/** SIGSTOP/SIGCONT through {@code kill}: Java's Process API sends only SIGTERM and SIGKILL. */
final class Signals {
    private Signals() {
    }

    static void stop(Processor p) throws IOException, InterruptedException {
        send("-STOP", p);
    }

    static void resume(Processor p) throws IOException, InterruptedException {
        send("-CONT", p);
    }

    private static void send(String signal, Processor p) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(p.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + p.pid() + " failed");
        }
    }
}
