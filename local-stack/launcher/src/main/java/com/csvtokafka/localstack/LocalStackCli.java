package com.csvtokafka.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bin/local-stack}: a local Kafka, S3 and DynamoDB that keep running in the background between
 * commands. Exit codes: 0 done/healthy, 1 failed or something is down, 2 usage error.
 */
public final class LocalStackCli {

    static final String USAGE = """
            usage: bin/local-stack <command>

            Runs real servers as background JVMs from Maven-resolved jars (no Docker): a Kafka broker in KRaft
            mode, S3Proxy (S3 API on the filesystem) and DynamoDB Local, all listening on 127.0.0.1.

            commands:
              start                       start whatever is not running yet, wait until it answers, print status
              stop                        stop the servers named by the pid files (data is kept)
              status                      pid, endpoint and health of each server; exit 1 if any is down
              env                         print the stack's variables (the contents of stack.env)
              put FILE s3://BUCKET/KEY    upload FILE (any size) to the local S3, creating BUCKET if missing

            environment:
              LOCAL_STACK_DIR             data directory: data, logs, pid files, stack.env
                                          (bin/local-stack defaults it to <repo>/.local-stack)
              KAFKA_PORT, S3_PORT, DYNAMODB_PORT
                                          fixed ports; by default a server gets its previous port if that is
                                          free, else any free one

            stack.env holds KAFKA_BOOTSTRAP_SERVERS, S3_ENDPOINT, DYNAMODB_ENDPOINT, AWS_ACCESS_KEY_ID,
            AWS_SECRET_ACCESS_KEY and AWS_REGION. Use it from bash with:
              set -a; . "$LOCAL_STACK_DIR/stack.env"; set +a
            Server logs: $LOCAL_STACK_DIR/<kafka|s3|dynamodb>.log, Kafka's own in kafka/server.log.
            """;

    private static final Duration UPLOAD_CALL_TIMEOUT = Duration.ofHours(2);

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    LocalStackCli(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = Map.copyOf(environment);
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new LocalStackCli(System.getenv(), System.out, System.err).run(args));
    }

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            StackDir dir = new StackDir(Path.of(environment.getOrDefault("LOCAL_STACK_DIR", ".local-stack")));
            switch (args[0]) {
                case "start":
                    return expectArgs(args, 1) ? control(dir).start() : usageError("start takes no arguments");
                case "stop":
                    return expectArgs(args, 1) ? control(dir).stop() : usageError("stop takes no arguments");
                case "status":
                    return expectArgs(args, 1) ? control(dir).status() : usageError("status takes no arguments");
                case "env":
                    return expectArgs(args, 1) ? env(dir) : usageError("env takes no arguments");
                case "put":
                    return expectArgs(args, 3) ? put(dir, Path.of(args[1]), args[2])
                            : usageError("put needs FILE and s3://BUCKET/KEY");
                default:
                    return usageError("unknown command '" + args[0] + "'");
            }
        } catch (UsageException e) {
            return usageError(e.getMessage());
        } catch (RuntimeException e) {
            err.println("local-stack: " + e.getMessage());
            return 1;
        }
    }

    private static boolean expectArgs(String[] args, int count) {
        return args.length == count;
    }

    private int usageError(String message) {
        err.println("local-stack: " + message);
        err.println("run bin/local-stack --help for usage");
        return 2;
    }

    private StackControl control(StackDir dir) {
        Map<Component, Integer> ports = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            String value = environment.get(component.portVariable());
            if (value != null && !value.isBlank()) {
                ports.put(component, parsePort(component.portVariable(), value.trim()));
            }
        }
        return new StackControl(dir, ports, out, err);
    }

    private static int parsePort(String variable, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new UsageException(variable + "=" + value + " is not a port (1-65535)");
    }

    private int env(StackDir dir) {
        Optional<StackEnv> env = dir.env();
        if (env.isEmpty()) {
            err.println("local-stack: no " + dir.envFile() + " yet; run bin/local-stack start");
            return 1;
        }
        out.print(env.get().render());
        return 0;
    }

    private int put(StackDir dir, Path file, String target) {
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new UsageException("'" + target + "' is not s3://BUCKET/KEY: " + e.getMessage());
        }
        String bucket = uri.getHost();
        String key = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (!"s3".equals(uri.getScheme()) || bucket == null || key.isEmpty()) {
            throw new UsageException("'" + target + "' is not s3://BUCKET/KEY");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + " is not a readable file");
        }
        String endpoint = dir.env().flatMap(env -> env.endpoint(Component.S3))
                .filter(any -> dir.running(Component.S3).isPresent())
                .orElseThrow(() -> new LocalStackException("the local S3 is not running; run bin/local-stack start"));
        try (S3Client s3 = LocalAws.s3(URI.create(endpoint), UPLOAD_CALL_TIMEOUT)) {
            S3Uploads.createBucketIfMissing(s3, bucket);
            String eTag = S3Uploads.put(s3, bucket, key, file);
            out.println("uploaded " + file + " (" + size(file) + " bytes) to s3://" + bucket + "/" + key
                    + " at " + endpoint + ", ETag " + eTag);
            return 0;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** A mistake in how the CLI was called: exit code 2. */
    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
