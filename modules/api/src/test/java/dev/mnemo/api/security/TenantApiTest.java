package dev.mnemo.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.core.security.ApiKeys;
import dev.mnemo.model.tenant.Scope;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.testing.TestDatabases;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keys and tenants through HTTP, on a database of its own with keys required ({@code mnemo.security.mode=keys}):
 * who may call, and that tenant B can neither read, change, delete nor detect anything of tenant A (404, never
 * 403: no existence oracle).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = dev.mnemo.api.MnemoApiApplication.class)
class TenantApiTest {

    private static final DatabaseUrl DATABASE = TestDatabases.fresh("tenantapi");
    private static final JsonMapper JSON = JsonMapper.shared();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mnemo.db.url", DATABASE::toUrl);
        registry.add("mnemo.security.mode", () -> "keys");
    }

    @AfterAll
    static void drop() {
        TestDatabases.drop(DATABASE);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys keys;

    WebTestClient client;
    static String keyA;
    static String keyB;
    static String readOnlyA;

    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(60)).build();
        if (keyA == null) {
            keyA = keys.create(new Tenant("acme"), "a", EnumSet.of(Scope.READ, Scope.WRITE), null).block().token();
            keyB = keys.create(new Tenant("globex"), "b", EnumSet.of(Scope.READ, Scope.WRITE), null).block().token();
            readOnlyA = keys.create(new Tenant("acme"), "ro", Set.of(Scope.READ), null).block().token();
        }
    }

    private WebTestClient.ResponseSpec get(String key, String uri) {
        WebTestClient.RequestHeadersSpec<?> spec = client.get().uri(uri);
        return key == null ? spec.exchange() : spec.header("X-API-Key", key).exchange();
    }

    private WebTestClient.ResponseSpec send(String method, String key, String uri, Object body) {
        WebTestClient.RequestBodySpec spec = client.method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri)
                .header("Authorization", "Bearer " + key);
        return body == null ? spec.exchange() : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static JsonNode json(WebTestClient.ResponseSpec response, int status) {
        byte[] body = response.expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return body == null ? JSON.createObjectNode() : JSON.readTree(body);
    }

    @Test
    void everyRouteButHealthNeedsAValidKeyWithTheRightScope() {
        get(null, "/actuator/health").expectStatus().isOk();
        JsonNode none = json(get(null, "/v1/events/00000000-0000-0000-0000-000000000001"), 401);
        assertThat(none.get("detail").asString()).contains("X-API-Key");
        assertThat(json(get("mnemo_aaaaaaaaaaaa_" + "x".repeat(43), "/v1/collections"), 401).get("detail").asString())
                .contains("unknown, revoked or expired");
        json(get("not a key", "/v1/collections"), 401);

        // A read key reads and may not write; nothing is written.
        get(readOnlyA, "/v1/collections").expectStatus().isOk();
        json(send("POST", readOnlyA, "/v1/events", Map.of("content", Map.of("text", "nope"))), 403);
        // Operations need the admin scope.
        json(get(keyA, "/v3/api-docs"), 403);
        json(get(keyA, "/actuator/prometheus"), 403);

        // Revoked and expired keys stop working at once.
        ApiKeys.NewKey revoked = keys.create(new Tenant("acme"), "gone", Set.of(Scope.READ), null).block();
        get(revoked.token(), "/v1/collections").expectStatus().isOk();
        keys.revoke(new Tenant("acme"), revoked.key().id()).block();
        json(get(revoked.token(), "/v1/collections"), 401);
        ApiKeys.NewKey expiring = keys.create(new Tenant("acme"), "short", Set.of(Scope.READ),
                OffsetDateTime.now().plusSeconds(1)).block();
        get(expiring.token(), "/v1/collections").expectStatus().isOk();
        sleep(1500);
        json(get(expiring.token(), "/v1/collections"), 401);
        // An admin key reads the operations endpoints.
        String admin = keys.create(new Tenant("acme"), "ops", Set.of(Scope.ADMIN), null).block().token();
        get(admin, "/v3/api-docs").expectStatus().isOk();
    }

    @Test
    void tenantBNeitherSeesNorTouchesTenantA() {
        // A writes an event, a node and a collection with a record.
        JsonNode event = json(send("POST", keyA, "/v1/events", Map.of("content", Map.of("text", "acme quarterly numbers"),
                "metadata", Map.of("tag", "isolation"))), 201);
        String eventId = event.get("id").asString();
        JsonNode node = json(send("POST", keyA, "/v1/nodes", Map.of("node_type", "person", "label", "Ada")), 201);
        String nodeId = node.get("node_id").asString();
        send("POST", keyA, "/v1/collections", Map.of("name", "notes")).expectStatus().isCreated();
        send("POST", keyA, "/v1/collections/notes/add", Map.of("ids", List.of("n1"), "documents", List.of("acme secret")))
                .expectStatus().isCreated();

        // B: every read, update and delete of A's ids is a 404, as if they did not exist.
        json(get(keyB, "/v1/events/" + eventId), 404);
        json(send("PATCH", keyB, "/v1/events/" + eventId + "/metadata", Map.of("x", 1)), 404);
        json(send("DELETE", keyB, "/v1/events/" + eventId, null), 404);
        json(get(keyB, "/v1/nodes/" + nodeId), 404);
        json(send("DELETE", keyB, "/v1/nodes/" + nodeId, null), 404);
        json(get(keyB, "/v1/collections/notes"), 404);
        json(send("POST", keyB, "/v1/collections/notes/query", Map.of("query_texts", List.of("secret"))), 404);
        json(send("POST", keyB, "/v1/collections/notes/get", Map.of("ids", List.of("n1"))), 404);
        json(send("DELETE", keyB, "/v1/collections/notes", null), 404);
        // B's searches and lists hold nothing of A.
        JsonNode search = json(get(keyB, "/v1/search/?query=acme%20quarterly%20numbers&limit=50"), 200);
        assertThat(search.toString()).doesNotContain(eventId);
        assertThat(json(get(keyB, "/v1/collections"), 200).toString()).doesNotContain("notes");
        // B may use the same collection name for its own collection.
        send("POST", keyB, "/v1/collections", Map.of("name", "notes")).expectStatus().isCreated();
        json(send("POST", keyB, "/v1/collections/notes/get", Map.of("ids", List.of("n1"))), 200);

        // A still has everything, unchanged.
        JsonNode again = json(get(keyA, "/v1/events/" + eventId), 200);
        assertThat(again.get("metadata").toString()).doesNotContain("\"x\"");
        json(get(keyA, "/v1/nodes/" + nodeId), 200);
        JsonNode records = json(send("POST", keyA, "/v1/collections/notes/get", Map.of("ids", List.of("n1"))), 200);
        assertThat(records.toString()).contains("acme secret");
        assertThat(json(get(keyA, "/v1/search/?query=acme%20quarterly%20numbers&limit=50"), 200).toString()).contains(eventId);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
