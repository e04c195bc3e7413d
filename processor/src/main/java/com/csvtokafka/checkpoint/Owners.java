package com.csvtokafka.checkpoint;

import java.net.InetAddress;
import java.util.UUID;

/** Names this runner in leases: host, pid and a random suffix, so two runs on one host never share a name. */
final class Owners {
    private Owners() {
    }

    static String thisRunner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
