package com.csvtokafka.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy with its filesystem backend: the real S3 REST API (SigV2/V4 auth, Range GET, ETags, If-Match
 * answered with 412 once the object changed, multipart upload), storing objects under
 * {@code <dataDir>/s3/data}. Path-style only, at {@code http://127.0.0.1:port}.
 */
public final class LocalS3 implements AutoCloseable {

    private static final String MAIN = "org.gaul.s3proxy.Main";
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC");
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final URI endpoint;
    private final RunningServer server;

    private LocalS3(URI endpoint, RunningServer server) {
        this.endpoint = endpoint;
        this.server = server;
    }

    /** Starts S3Proxy on a free port with its objects under {@code dataDir}; returns once it answers HTTP. */
    public static LocalS3 start(Path dataDir) {
        return start(dataDir, 0, Launch.SUPERVISED);
    }

    /** @param port 0 picks a free one */
    static LocalS3 start(Path dataDir, int port, Launch launch) {
        Path stackDir = dataDir.toAbsolutePath().normalize();
        URI endpoint = endpoint(port > 0 ? port : Ports.free());
        Path home = stackDir.resolve("s3");
        Path properties = ConfigFiles.write(home.resolve("s3proxy.properties"), String.join("\n",
                "# written by local-stack on every start; edits are lost",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + LocalAws.ACCESS_KEY,
                "s3proxy.credential=" + LocalAws.SECRET_KEY,
                // filesystem-nio2 rather than jclouds' "filesystem", which S3Proxy 2.6 reports as deprecated
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=" + LocalAws.ACCESS_KEY,
                "jclouds.credential=" + LocalAws.SECRET_KEY,
                "jclouds.filesystem.basedir=" + home.resolve("data"),
                ""));
        // without a configuration logback logs at DEBUG: megabytes of Jetty internals per request
        Path logback = ConfigFiles.write(home.resolve("logback.xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d %level [%thread] %logger - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="out"/></root>
                </configuration>
                """);
        ConfigFiles.createDirectories(home.resolve("data"));
        List<String> jvmOptions = new ArrayList<>(JVM_OPTIONS);
        jvmOptions.add("-Dlogback.configurationFile=" + logback);
        JvmSpec spec = new JvmSpec(new ProcessMarker("s3", stackDir), RuntimeClasspath.of("s3proxy"), jvmOptions,
                MAIN, List.of("--properties", properties.toString()), stackDir, stackDir.resolve("s3.log"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        return new LocalS3(endpoint, RunningServer.start(spec, launch, "S3Proxy at " + endpoint,
                () -> answersHttp(http, endpoint)));
    }

    static URI endpoint(int port) {
        return URI.create("http://" + Ports.HOST + ":" + port);
    }

    /** Any HTTP answer (an unsigned request gets 403) means S3Proxy is serving. */
    static boolean answersHttp(HttpClient http, URI endpoint) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(PROBE_TIMEOUT).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() > 0;
    }

    static boolean isHealthy(URI endpoint) {
        try {
            return answersHttp(HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build(), endpoint);
        } catch (Exception e) {
            return false;
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return LocalAws.ACCESS_KEY;
    }

    public String secretKey() {
        return LocalAws.SECRET_KEY;
    }

    public String region() {
        return LocalAws.REGION;
    }

    /**
     * A client configured for this S3Proxy (path-style, its credentials, checksums only where required);
     * the caller closes it.
     */
    public S3Client newClient() {
        return LocalAws.s3(endpoint, CALL_TIMEOUT);
    }

    /** Creates the bucket; one that already exists is fine. */
    public void createBucket(String bucket) {
        try (S3Client s3 = newClient()) {
            S3Uploads.createBucketIfMissing(s3, bucket);
        }
    }

    /**
     * Streams {@code file} to {@code s3://bucket/key} (in 64 MiB parts above 256 MiB, so multi-GB files work)
     * and returns the object's ETag, the value to pin ranged reads to with If-Match.
     */
    public String putObject(String bucket, String key, Path file) {
        try (S3Client s3 = newClient()) {
            return S3Uploads.put(s3, bucket, key, file);
        }
    }

    long pid() {
        return server.pid();
    }

    @Override
    public void close() {
        server.stop();
    }
}
