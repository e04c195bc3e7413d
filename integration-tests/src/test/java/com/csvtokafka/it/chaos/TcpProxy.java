package com.csvtokafka.it.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on loopback for network faults between the processor and a server (a broker, S3): it forwards
 * bytes both ways until told to stall (hold every byte, connections stay open, as a black-holed link), to drop
 * (reset every open connection), to refuse new connections, to slow down (a delay per chunk), or to reset an
 * HTTP range download once its body reaches given object offsets.
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
    private static final Pattern CONTENT_RANGE = Pattern.compile("\r\ncontent-range:\\s*bytes\\s+(\\d+)-");
    private final ConcurrentLinkedQueue<Long> bodyResets = new ConcurrentLinkedQueue<>();
    private final List<Long> bodyResetsDone = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile long drainMillis = 1000;
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

    /**
     * For HTTP range downloads (S3 GET with {@code Range: bytes=P-}): resets the download connection once the body
     * has delivered the object's bytes up to (not including) each of {@code objectOffsets}, in order — one reset
     * per offset, each on the connection that carries that offset (the client reopens after each). The proxy
     * reads {@code Content-Range} from the response headers, so header sizes and keep-alive reuse (a HEAD on the
     * same connection) do not matter. The bytes before the offset are flushed and given {@link #drainMillis} to
     * reach the client before the RST (an RST discards whatever the sender still buffers).
     */
    public void resetHttpBodyAt(long... objectOffsets) {
        for (long offset : objectOffsets) {
            bodyResets.add(offset);
        }
    }

    /** The object offsets at which {@link #resetHttpBodyAt} has reset a download so far. */
    public List<Long> httpBodyResets() {
        synchronized (bodyResetsDone) {
            return new ArrayList<>(bodyResetsDone);
        }
    }

    /** How long the bytes before an HTTP body reset get to reach the client before the RST (default 1000 ms). */
    public void drainMillis(long millis) {
        drainMillis = millis;
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
                java.util.Queue<Boolean> openEnded = new java.util.concurrent.ConcurrentLinkedQueue<>();
                pump(client, upstream, false, openEnded);
                pump(upstream, client, true, openEnded);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("tcp proxy " + port() + ": " + e);
                }
            }
        }
    }

    /**
     * @param openEnded per request on this connection, in order: whether it asked for a range to the object's end
     *                  ({@code bytes=P-}); only those downloads are reset (a bounded first look at an object is not)
     */
    private void pump(Socket from, Socket to, boolean fromServerSide, java.util.Queue<Boolean> openEnded) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[CHUNK];
            HttpBody body = fromServerSide ? new HttpBody(openEnded) : null;
            HttpRequests requests = fromServerSide ? null : new HttpRequests(openEnded);
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
                    if (requests != null && !bodyResets.isEmpty()) {
                        requests.read(buf, n);
                    }
                    int cut = fromServerSide ? body.cutAt(buf, n) : -1;
                    if (cut >= 0) {
                        out.write(buf, 0, cut);
                        out.flush();
                        Thread.sleep(drainMillis); // let the bytes before the cut reach the client
                        reset(to);
                        reset(from);
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
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

    /**
     * Follows one server-to-client HTTP stream: response headers (kept until their blank line), then, for a
     * response with {@code Content-Range: bytes P-..}, the body, whose bytes are the object's from P on. A
     * response without it (a HEAD, whose body is empty) is skipped. Enough for S3 range downloads.
     */
    private final class HttpBody {
        private final StringBuilder head = new StringBuilder();
        private final java.util.Queue<Boolean> openEnded;
        private long position = -1; // object offset of the next body byte, -1 while in headers

        HttpBody(java.util.Queue<Boolean> openEnded) {
            this.openEnded = openEnded;
        }

        /** How many bytes of {@code buf[0..n)} to forward before resetting, or -1 to forward all. */
        int cutAt(byte[] buf, int n) {
            int i = 0;
            while (i < n) {
                if (position < 0) {
                    head.append((char) (buf[i++] & 0xff));
                    int len = head.length();
                    if (len >= 4 && head.charAt(len - 1) == '\n' && head.charAt(len - 2) == '\r'
                            && head.charAt(len - 3) == '\n' && head.charAt(len - 4) == '\r') {
                        Matcher m = CONTENT_RANGE.matcher(head.toString().toLowerCase(Locale.ROOT));
                        Boolean toTheEnd = openEnded.poll();
                        if (m.find()) {
                            // a bounded range's body is forwarded untouched, and so is all after it on this
                            // connection (which is not followed further)
                            position = toTheEnd == null || toTheEnd ? Long.parseLong(m.group(1)) : Long.MAX_VALUE / 2;
                        }
                        head.setLength(0);
                    }
                    continue;
                }
                Long target = bodyResets.peek();
                long remaining = n - i;
                if (target != null && target >= position && target < position + remaining
                        && bodyResets.remove(target)) {
                    bodyResetsDone.add(target);
                    return i + (int) (target - position);
                }
                position += remaining;
                return -1;
            }
            return -1;
        }
    }

    /** Follows one client-to-server HTTP stream's request heads: whether each asks for a range to the object's end. */
    private static final class HttpRequests {
        private static final Pattern RANGE = Pattern.compile("\r\nrange:\\s*bytes=\\d+-(\\d*)");
        private final StringBuilder head = new StringBuilder();
        private final java.util.Queue<Boolean> openEnded;

        HttpRequests(java.util.Queue<Boolean> openEnded) {
            this.openEnded = openEnded;
        }

        void read(byte[] buf, int n) {
            for (int i = 0; i < n; i++) {
                head.append((char) (buf[i] & 0xff));
                int len = head.length();
                if (len >= 4 && head.charAt(len - 1) == '\n' && head.charAt(len - 2) == '\r'
                        && head.charAt(len - 3) == '\n' && head.charAt(len - 4) == '\r') {
                    Matcher m = RANGE.matcher(head.toString().toLowerCase(Locale.ROOT));
                    openEnded.add(!m.find() || m.group(1).isEmpty());
                    head.setLength(0);
                } else if (len > 64 << 10) {
                    head.setLength(0); // not HTTP (or a request body): nothing to follow
                }
            }
        }
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
