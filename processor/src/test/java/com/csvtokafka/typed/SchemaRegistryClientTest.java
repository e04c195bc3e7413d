package com.csvtokafka.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the client puts on the wire and how it words a refusal, against a JDK HTTP server that records requests
 * and answers what each test sets. The registry's behaviour itself is proven against a real registry in
 * integration-tests (RegistryIT); this covers what that registry cannot show, such as the basic-auth header
 * (the local registry runs without authentication).
 */
class SchemaRegistryClientTest {

    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Row\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"}]}";

    private record Seen(String method, String path, String authorization, String contentType, String body) {
    }

    private record Answer(int status, String body) {
    }

    private HttpServer server;
    private final List<Seen> seen = new ArrayList<>();
    private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(200, "{\"id\":7}"));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Answer a = answer.get();
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(a.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7/";
    }

    @Test
    void registerPostsTheSchemaAsAStringFieldWithBasicAuth() throws Exception {
        SchemaRegistryClient client = new SchemaRegistryClient(base(), "alice", "s3cret:with-colon");

        assertThat(client.register("orders value", SCHEMA)).isEqualTo(7);

        Seen request = seen.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/apis/ccompat/v7/subjects/orders%20value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.authorization()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("alice:s3cret:with-colon".getBytes(StandardCharsets.UTF_8)));
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.get("schema").textValue()).isEqualTo(SCHEMA);
        assertThat(body.size()).isEqualTo(1);
    }

    @Test
    void noAuthorizationHeaderWithoutAUsername() throws Exception {
        new SchemaRegistryClient(base(), null, null).register("s", SCHEMA);

        assertThat(seen.get(0).authorization()).isNull();
    }

    @Test
    void schemaByIdReturnsTheSchemaText() throws Exception {
        answer.set(new Answer(200, new ObjectMapper().createObjectNode().put("schema", SCHEMA).toString()));

        assertThat(new SchemaRegistryClient(base(), null, null).schemaById(42)).isEqualTo(SCHEMA);
        assertThat(seen.get(0).method()).isEqualTo("GET");
        assertThat(seen.get(0).path()).isEqualTo("/apis/ccompat/v7/schemas/ids/42");
    }

    @Test
    void anIncompatibleSchemaSaysWhatTheRegistrySaidAndWhatToDo() {
        answer.set(new Answer(409, "{\"error_code\":409,\"message\":\"Incompatible schema: field b has no default\"}"));
        SchemaRegistryClient client = new SchemaRegistryClient(base(), "alice", "s3cret");

        assertThatThrownBy(() -> client.register("orders-value", SCHEMA))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("subject 'orders-value'")
                .hasMessageContaining("HTTP 409")
                .hasMessageContaining("Incompatible schema: field b has no default (error code 409)")
                .hasMessageContaining("\nthe schema is not compatible")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void badCredentialsAreNamedAsSuch() {
        answer.set(new Answer(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}"));

        assertThatThrownBy(() -> new SchemaRegistryClient(base(), "alice", "wrong").schemaById(1))
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("check the registry username and password")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void anUnknownIdSaysSo() {
        answer.set(new Answer(404, "{\"error_code\":40403,\"message\":\"Schema 9 not found\"}"));

        assertThatThrownBy(() -> new SchemaRegistryClient(base(), null, null).schemaById(9))
                .hasMessageContaining("fetch the schema with id 9: HTTP 404, Schema 9 not found (error code 40403)")
                .hasMessageContaining("no schema has this id");
    }

    @Test
    void aNonJsonAnswerPointsAtTheUrl() {
        answer.set(new Answer(200, "<html>welcome</html>"));

        assertThatThrownBy(() -> new SchemaRegistryClient(base(), null, null).register("s", SCHEMA))
                .hasMessageContaining("not with JSON: <html>welcome</html>")
                .hasMessageContaining("/apis/ccompat/v7");
    }

    @Test
    void anUnreachableRegistryIsNamed() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        SchemaRegistryClient client = new SchemaRegistryClient("http://127.0.0.1:" + closed, null, null);

        assertThatThrownBy(() -> client.register("s", SCHEMA))
                .hasMessageStartingWith("cannot reach the schema registry at http://127.0.0.1:" + closed)
                .hasMessageContaining("\ncheck the registry URL and that the registry is up");
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        assertThatThrownBy(() -> new SchemaRegistryClient("localhost:8081", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be http:// or https://");
    }
}
