package com.csvtokafka.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A client of a Confluent-compatible schema registry's REST API (Confluent Schema Registry, Apicurio's
 * {@code /apis/ccompat/v7}, Redpanda): register a schema under a subject, fetch a schema by id.
 */
public final class SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param username null for no authentication (HTTP basic otherwise) */
    public SchemaRegistryClient(String baseUrl, String username, String password) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = username == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
    }

    /** Registers the schema under the subject (or finds it there) and returns its id. */
    public int register(String subject, String avroSchemaJson) throws IOException {
        String body = JSON.writeValueAsString(Map.of("schema", avroSchemaJson));
        JsonNode answer = send(request("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), "register " + subject);
        if (!answer.path("id").canConvertToInt()) {
            throw new IOException("schema registry " + baseUrl + " answered the registration of " + subject
                    + " without an id: " + answer);
        }
        return answer.get("id").asInt();
    }

    /** The schema registered with this id. */
    public String schemaById(int id) throws IOException {
        JsonNode answer = send(request("/schemas/ids/" + id).GET().build(), "fetch schema id " + id);
        if (!answer.path("schema").isTextual()) {
            throw new IOException("schema registry " + baseUrl + " answered schema id " + id + " without a schema: "
                    + answer);
        }
        return answer.get("schema").asText();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", CONTENT_TYPE).header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private JsonNode send(HttpRequest request, String what) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + what, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("schema registry " + baseUrl + ": " + what + " failed with HTTP "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
