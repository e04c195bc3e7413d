package com.csvtokafka.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports for the local servers: they listen on 127.0.0.1 only. */
final class Ports {

    static final String HOST = "127.0.0.1";

    private Ports() {
    }

    /**
     * A port that was free a moment ago. Another process may take it before the server binds it; the
     * window is a few hundred milliseconds and a clash shows up as a start failure naming the port.
     */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code requested} when given (0 = none), else {@code previous} while it is still free, else any free port. */
    static int choose(int requested, int previous) {
        if (requested > 0) {
            return requested;
        }
        if (previous > 0 && isFree(previous)) {
            return previous;
        }
        return free();
    }
}
