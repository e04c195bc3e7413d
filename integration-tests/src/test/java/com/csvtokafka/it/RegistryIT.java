package com.csvtokafka.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.csvtokafka.typed.SchemaRegistryClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SchemaRegistryClient} against a real Confluent-compatible registry (Apicurio Registry's ccompat API,
 * {@link LocalRegistry}): what a producer of typed records relies on — one id per schema whatever how often it is
 * registered, the schema back by that id, and refusals worded for the user.
 */
class RegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"csvtokafka\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"amount\",\"type\":\"double\"}]}";
    /** V1 plus a field without a default: old records cannot be read with it, so BACKWARD refuses it. */
    private static final String V2_INCOMPATIBLE = V1.replace("]}",
            ",{\"name\":\"currency\",\"type\":\"string\"}]}");
    /** V1 plus a field with a default: BACKWARD accepts it. */
    private static final String V2_COMPATIBLE = V1.replace("]}",
            ",{\"name\":\"currency\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

    private LocalRegistry registry;
    private SchemaRegistryClient client;
    private String subject;

    @BeforeEach
    void client() {
        registry = LocalRegistry.shared();
        client = new SchemaRegistryClient(registry.confluentUrl(), null, null);
        subject = "orders-" + System.nanoTime() + "-value";
    }

    @Test
    void registeringTheSameSchemaAgainGivesTheSameIdAndTheIdGivesTheSchemaBack() throws Exception {
        int id = client.register(subject, V1);
        int again = client.register(subject, V1);
        // with a trailing slash, and through a second client: what a rerun of a job does
        int third = new SchemaRegistryClient(registry.confluentUrl() + "/", null, null).register(subject, V1);

        assertThat(again).isEqualTo(id);
        assertThat(third).isEqualTo(id);
        assertThat(JSON.readTree(client.schemaById(id))).isEqualTo(JSON.readTree(V1));
    }

    @Test
    void differentSchemasGetDifferentIds() throws Exception {
        int v1 = client.register(subject, V1);
        int v2 = client.register(subject, V2_COMPATIBLE);

        assertThat(v2).isNotEqualTo(v1);
        assertThat(JSON.readTree(client.schemaById(v2))).isEqualTo(JSON.readTree(V2_COMPATIBLE));
        assertThat(JSON.readTree(client.schemaById(v1))).isEqualTo(JSON.readTree(V1));
    }

    @Test
    void anIncompatibleChangeUnderBackwardCompatibilityIsRefusedWithWhatToDo() throws Exception {
        client.register(subject, V1);
        setCompatibility(subject, "BACKWARD");

        assertThatThrownBy(() -> client.register(subject, V2_INCOMPATIBLE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("subject '" + subject + "'")
                .hasMessageContaining("HTTP 409")
                .hasMessageContaining("Incompatible")
                .hasMessageContaining("\nthe schema is not compatible");
        // the same change made compatible is taken
        assertThat(client.register(subject, V2_COMPATIBLE)).isPositive();
    }

    @Test
    void withoutACompatibilityRuleTheSameChangeIsTaken() throws Exception {
        // the other half of the test above: the refusal there comes from the rule, not from the schema
        client.register(subject, V1);

        assertThat(client.register(subject, V2_INCOMPATIBLE)).isPositive();
    }

    @Test
    void anUnknownIdIsNamed() {
        assertThatThrownBy(() -> client.schemaById(987_654))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("fetch the schema with id 987654: HTTP 404")
                .hasMessageContaining("no schema has this id");
    }

    @Test
    void aSchemaThatIsNotAvroIsRefusedAsInvalid() {
        assertThatThrownBy(() -> client.register(subject, "{\"type\":\"recrod\"}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 422")
                .hasMessageContaining("\nthe registry finds the schema invalid");
    }

    @Test
    void aUrlWithoutTheCompatibleApiPathIsExplained() {
        SchemaRegistryClient wrong = new SchemaRegistryClient(registry.url(), null, null);

        assertThatThrownBy(() -> wrong.register(subject, V1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("/apis/ccompat/v7");
    }

    /** Not part of the client (a job never changes a subject's rules): the registry's own API, as an admin would. */
    private void setCompatibility(String subject, String level) throws Exception {
        HttpRequest put = HttpRequest.newBuilder(URI.create(registry.confluentUrl() + "/config/" + subject))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("compatibility").asText()).isEqualTo(level);
    }
}
