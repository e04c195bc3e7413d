package com.csvtokafka.it.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback for network faults between the processor and a server (a broker, S3): it forwards
 * bytes both ways until told to stall (hold every byte, connections stay open, as a black-holed link), to drop
 * (reset every open connection), to refuse new connections, to slow down (a delay per chunk), or to reset the
 * next connection after it has carried a given number of bytes from the server.
 */
public final class TcpProxy implements AutoCloseable {
    private static final int CHUNK = 16 * 1024;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile boolean stalled;
    private volatile boolean refusing;
    private volatile long delayMillis;
    private final AtomicLong resetAfter = new AtomicLong(-1);
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong fromServer = new AtomicLong();
    private volatile boolean closed;

    private TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "tcp-proxy-accept-" + port());
        accept.setDaemon(true);
        accept.start();
    }

    /** A proxy on a free loopback port forwarding to {@code targetHost:targetPort}. */
    public static TcpProxy start(String targetHost, int targetPort) throws IOException {
        return new TcpProxy(targetHost, targetPort);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, for a client's endpoint. */
    public String address() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    /** While stalled no byte moves either way and new connections are accepted but not served. */
    public void stall(boolean on) {
        stalled = on;
        if (!on) {
            synchronized (gate) {
                gate.notifyAll();
            }
        }
    }

    /** While refusing, new connections are reset as soon as they are accepted. */
    public void refuse(boolean on) {
        refusing = on;
    }

    /** Each chunk is forwarded after this delay: a slow link (0 for none). */
    public void delay(long millis) {
        delayMillis = millis;
    }

    /** Resets every open connection (TCP RST), as a broken network path or a restarted middlebox does. */
    public void dropAll() {
        for (Socket s : open) {
            reset(s);
        }
    }

    /** The next server-to-client byte stream that passes {@code bytes} bytes is reset there (once). */
    public void resetFromServerAfter(long bytes) {
        resetAfter.set(bytes);
    }

    /** Connections reset by {@link #resetFromServerAfter}. */
    public long resets() {
        return resets.get();
    }

    /** Bytes forwarded from the server so far. */
    public long bytesFromServer() {
        return fromServer.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (refusing || closed) {
                    reset(client);
                    continue;
                }
                Socket upstream = new Socket();
                try {
                    upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
                } catch (IOException e) {
                    reset(client);
                    continue;
                }
                open.add(client);
                open.add(upstream);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("tcp proxy " + port() + ": " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromServerSide) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[CHUNK];
            long carried = 0;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    awaitFlowing();
                    long delay = delayMillis;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    if (fromServerSide) {
                        long limit = resetAfter.get();
                        if (limit >= 0 && carried + n > limit && resetAfter.compareAndSet(limit, -1)) {
                            int part = (int) Math.max(0, limit - carried);
                            out.write(buf, 0, part);
                            out.flush();
                            fromServer.addAndGet(part);
                            resets.incrementAndGet();
                            reset(to);
                            reset(from);
                            return;
                        }
                        fromServer.addAndGet(n);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    carried += n;
                }
                close(to); // an end of stream ends the connection (enough for Kafka and HTTP)
                close(from);
            } catch (IOException | InterruptedException e) {
                reset(to);
                reset(from);
            }
        }, "tcp-proxy-" + port() + (fromServerSide ? "-down" : "-up"));
        t.setDaemon(true);
        t.start();
    }

    private void awaitFlowing() throws InterruptedException {
        synchronized (gate) {
            while (stalled && !closed) {
                gate.wait(100);
            }
        }
    }

    private void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
        open.remove(s);
    }

    private void reset(Socket s) {
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0); // close with RST, not FIN
                s.close();
            }
        } catch (IOException ignored) {
            // already gone
        }
        open.remove(s);
    }

    @Override
    public void close() {
        closed = true;
        stall(false);
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        dropAll();
    }
}
