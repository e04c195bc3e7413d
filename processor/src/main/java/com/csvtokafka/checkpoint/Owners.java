package com.csvtokafka.checkpoint;

import java.net.InetAddress;
import java.util.UUID;

/** Names this runner in leases: host, pid and a random suffix, so two runs on one host never share a name. */
final class Owners {
    private Owners() {
    }

    /**
     * True when {@code owner} names a process on this host that no longer exists: its lease is dead even if not
     * yet expired (a kill -9 leaves the lease live until it expires). Taking it over early is safe because the
     * new runner's producer fences anything the old one could still have in flight.
     */
    static boolean deadOnThisHost(String owner) {
        String[] parts = owner == null ? new String[0] : owner.split(":");
        if (parts.length != 3 || !parts[0].equals(host())) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(parts[1])).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }

    static String thisRunner() {
        return host() + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
