package com.csvtokafka.it.chaos;

import com.csvtokafka.localstack.ExternalListener;
import com.csvtokafka.localstack.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * A broker of its own that clients reach only through a {@link TcpProxy}: its {@code EXTERNAL} listener advertises
 * the proxy's address, so after bootstrap the processor's producer, consumer and admin client keep connecting
 * through the proxy (Kafka clients connect to the advertised listeners, not to the bootstrap address). The
 * broker's own traffic and the test's readers and checkers use the direct listener, {@link #direct()}.
 */
final class ProxiedKafka implements AutoCloseable {
    private final TcpProxy proxy;
    private final LocalKafka kafka;

    private ProxiedKafka(TcpProxy proxy, LocalKafka kafka) {
        this.proxy = proxy;
        this.kafka = kafka;
    }

    static ProxiedKafka start(Path dataDir) throws IOException {
        int external = freePort();
        TcpProxy proxy = TcpProxy.start("127.0.0.1", external);
        try {
            return new ProxiedKafka(proxy, LocalKafka.start(dataDir, new ExternalListener(external, "127.0.0.1",
                    proxy.port())));
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }

    /** The processor's --bootstrap-servers: the proxy. */
    String proxied() {
        return proxy.address();
    }

    /** The broker's own listener, for the test's readers and checks (no faults). */
    String direct() {
        return kafka.bootstrapServers();
    }

    TcpProxy proxy() {
        return proxy;
    }

    void createTopic(String name) {
        kafka.createTopic(name, 1);
    }

    /** Back to a healthy link: no stall, no refusal, no delay. */
    void heal() {
        proxy.refuse(false);
        proxy.delay(0);
        proxy.stall(false);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        proxy.close();
        kafka.close();
    }
}
