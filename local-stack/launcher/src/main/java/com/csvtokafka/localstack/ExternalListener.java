package com.csvtokafka.localstack;

/**
 * An extra client listener of a broker: it listens on {@code 127.0.0.1:port} and tells clients to connect to
 * {@code advertisedHost:advertisedPort} (a proxy, a NAT address) after bootstrap.
 */
public record ExternalListener(int port, String advertisedHost, int advertisedPort) {
    public ExternalListener {
        if (port <= 0 || advertisedPort <= 0) {
            throw new IllegalArgumentException("an external listener needs both ports, not " + port + " and "
                    + advertisedPort);
        }
    }
}
