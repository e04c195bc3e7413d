package com.csvtokafka.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * The two calls of the Confluent Schema Registry REST API the typed formats need: register a schema under a
 * subject (or get the id it already has) and fetch a schema by id. Speaks the API that Confluent Schema Registry,
 * Karapace, Redpanda and Apicurio Registry's {@code /apis/ccompat/v7} share; nothing vendor-specific.
 *
 * <p>Failures are {@link IOException}s whose message says what the registry answered (HTTP status, its error
 * code and message) and, after a newline, what to do — the CLI prints them as they are. The password never
 * appears in a message.
 */
public final class SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http;

    /**
     * @param baseUrl  the registry's Confluent-compatible root, e.g. {@code http://registry:8081} or Apicurio's
     *                 {@code http://registry:8080/apis/ccompat/v7}; a trailing slash is ignored
     * @param username basic-auth user, or null for no authentication
     * @param password basic-auth password (null is taken as empty when a username is given)
     */
    public SchemaRegistryClient(String baseUrl, String username, String password) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String trimmed = baseUrl.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schema registry URL '" + baseUrl + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new IllegalArgumentException("schema registry URL '" + baseUrl
                    + "' must be http:// or https:// with a host, e.g. http://localhost:8081");
        }
        this.baseUrl = trimmed;
        this.authorization = username == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Registers {@code avroSchemaJson} under {@code subject} and returns its global id. Registering a schema the
     * subject already has returns the existing id (the registry's rule), so this is safe to call on every run.
     *
     * @throws IOException e.g. HTTP 409 when the schema is incompatible with the subject's earlier versions, 422
     *                     when the registry finds it invalid, 401/403 for credentials, or the registry unreachable
     */
    public int register(String subject, String avroSchemaJson) throws IOException {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(avroSchemaJson, "avroSchemaJson");
        ObjectNode body = JSON.createObjectNode().put("schema", avroSchemaJson);
        // schemaType is left out: AVRO is every registry's default, and older Confluent versions reject the field
        String path = "/subjects/" + pathSegment(subject) + "/versions";
        HttpRequest request = request(path)
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                .build();
        JsonNode answer = send(request, "register a schema under subject '" + subject + "'", Call.REGISTER);
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new IOException("the schema registry at " + baseUrl + " answered POST " + path
                    + " without an id: " + abbreviate(answer.toString())
                    + "\ncheck that the URL is the registry's Confluent-compatible API (Apicurio: ending in /apis/ccompat/v7)");
        }
        return id.intValue();
    }

    /** The schema text (Avro JSON) the registry holds under global id {@code id}. */
    public String schemaById(int id) throws IOException {
        String path = "/schemas/ids/" + id;
        JsonNode answer = send(request(path).GET().build(), "fetch the schema with id " + id, Call.BY_ID);
        JsonNode schema = answer.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new IOException("the schema registry at " + baseUrl + " answered GET " + path
                    + " without a schema: " + abbreviate(answer.toString())
                    + "\ncheck that the URL is the registry's Confluent-compatible API (Apicurio: ending in /apis/ccompat/v7)");
        }
        return schema.textValue();
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient[" + baseUrl + (authorization == null ? "" : ", basic auth") + "]";
    }

    private enum Call { REGISTER, BY_ID }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private JsonNode send(HttpRequest request, String what, Call call) throws IOException {
        String target = request.method() + " " + request.uri();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new IOException("cannot reach the schema registry at " + baseUrl + " to " + what + " ("
                    + describe(e) + ")\ncheck the registry URL and that the registry is up", e);
        } catch (HttpTimeoutException e) {
            throw new IOException("the schema registry at " + baseUrl + " did not answer " + target + " within "
                    + REQUEST_TIMEOUT.toSeconds() + " s\ncheck that the registry is healthy, then run again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for the schema"
                    + " registry at " + baseUrl + " to " + what);
            interrupted.initCause(e);
            throw interrupted;
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw failure(response, what, target, call);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("the schema registry at " + baseUrl + " answered " + target + " with HTTP " + status
                    + " but not with JSON: " + abbreviate(response.body())
                    + "\ncheck that the URL is the registry's Confluent-compatible API (Apicurio: ending in /apis/ccompat/v7)", e);
        }
    }

    private IOException failure(HttpResponse<String> response, String what, String target, Call call) {
        int status = response.statusCode();
        RegistryError error = RegistryError.parse(response.body());
        String said = error.message() == null ? abbreviate(response.body())
                : error.message() + (error.code() == null ? "" : " (error code " + error.code() + ")");
        String message = "the schema registry at " + baseUrl + " refused to " + what + ": HTTP " + status
                + (said.isEmpty() ? "" : ", " + said);
        return new IOException(message + "\n" + remedy(status, error.code(), call));
    }

    private String remedy(int status, Integer code, Call call) {
        if (status == 401 || status == 403) {
            return authorization == null
                    ? "the registry requires authentication: give its username and password"
                    : "check the registry username and password, and that this user may " + (call == Call.REGISTER
                            ? "register schemas under the subject" : "read schemas");
        }
        if (status == 409) {
            return "the schema is not compatible with the subject's earlier versions under its compatibility level: "
                    + "make the change compatible (e.g. give a new field a default, keep removed fields' defaults), "
                    + "or register it under a new subject";
        }
        if (status == 422) {
            return "the registry finds the schema invalid: check it parses as an Avro schema";
        }
        if (status == 404) {
            if (call == Call.BY_ID && (code == null || code == 40403)) {
                return "no schema has this id in this registry: check the registry URL is the one the records were"
                        + " written with";
            }
            return "check the registry URL: it must be the Confluent-compatible API root (Confluent, Karapace,"
                    + " Redpanda: http://host:8081; Apicurio: http://host:8080/apis/ccompat/v7)";
        }
        if (status / 100 == 5) {
            return "the registry failed on its side: check its logs and health, then run again";
        }
        return "check the registry URL and settings";
    }

    /** The error body every Confluent-compatible registry sends: {@code {"error_code": 40901, "message": "..."}}. */
    private record RegistryError(Integer code, String message) {
        static RegistryError parse(String body) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.isObject()) {
                    JsonNode code = node.get("error_code");
                    JsonNode message = node.get("message");
                    return new RegistryError(code != null && code.canConvertToInt() ? code.intValue() : null,
                            message != null && !message.isNull() ? message.asText() : null);
                }
            } catch (IOException notJson) {
                // a proxy's HTML page, say: the caller shows the body itself
            }
            return new RegistryError(null, null);
        }
    }

    /** A subject as one path segment: URLEncoder is for forms, where a space is '+'; in a path it is %20. */
    static String pathSegment(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
