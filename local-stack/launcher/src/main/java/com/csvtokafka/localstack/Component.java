package com.csvtokafka.localstack;

import java.net.URI;
import java.nio.file.Path;

/** The three servers of the CLI's stack: names, variables, and how to start and check each one detached. */
enum Component {

    KAFKA("kafka", "KAFKA_PORT", "KAFKA_BOOTSTRAP_SERVERS") {
        @Override
        String endpoint(int port) {
            return Ports.HOST + ":" + port;
        }

        @Override
        boolean isHealthy(String endpoint) {
            return KafkaProbe.isHealthy(endpoint);
        }

        @Override
        long startDetached(Path dataDir, int port) {
            return LocalKafka.start(dataDir, port, Launch.DETACHED).pid();
        }
    },
    S3("s3", "S3_PORT", "S3_ENDPOINT") {
        @Override
        boolean isHealthy(String endpoint) {
            return LocalS3.isHealthy(URI.create(endpoint));
        }

        @Override
        long startDetached(Path dataDir, int port) {
            return LocalS3.start(dataDir, port, Launch.DETACHED).pid();
        }
    },
    DYNAMODB("dynamodb", "DYNAMODB_PORT", "DYNAMODB_ENDPOINT") {
        @Override
        boolean isHealthy(String endpoint) {
            return LocalDynamoDb.isHealthy(URI.create(endpoint));
        }

        @Override
        long startDetached(Path dataDir, int port) {
            return LocalDynamoDb.start(dataDir, port, Launch.DETACHED).pid();
        }
    };

    private final String label;
    private final String portVariable;
    private final String endpointVariable;

    Component(String label, String portVariable, String endpointVariable) {
        this.label = label;
        this.portVariable = portVariable;
        this.endpointVariable = endpointVariable;
    }

    /** Also the name of its pid file, its log and its data directory under the stack's directory. */
    String label() {
        return label;
    }

    String portVariable() {
        return portVariable;
    }

    String endpointVariable() {
        return endpointVariable;
    }

    String endpoint(int port) {
        return "http://" + Ports.HOST + ":" + port;
    }

    /** The port of an endpoint written by {@link #endpoint(int)}. */
    static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    abstract boolean isHealthy(String endpoint);

    /** Starts the server so that it outlives this JVM, waits until it is ready, and returns its pid. */
    abstract long startDetached(Path dataDir, int port);

    ProcessMarker marker(Path dataDir) {
        return new ProcessMarker(label, dataDir);
    }
}
