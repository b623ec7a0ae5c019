package dev.mnemo.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.core.quota.Quotas;
import dev.mnemo.core.security.ApiKeys;
import dev.mnemo.model.tenant.Quota;
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
    /** What an error body must not reveal (as in the fuzz suite): code locations, class names, the database's words. */
    private static final java.util.regex.Pattern LEAK = java.util.regex.Pattern.compile(
            "dev\\.mnemo|java\\.|tools\\.jackson|com\\.fasterxml|org\\.springframework|io\\.r2dbc|io\\.netty"
                    + "|Exception|\\.java:|SQLSTATE|ERROR:|postgres", java.util.regex.Pattern.CASE_INSENSITIVE);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("mnemo.db.url", DATABASE::toUrl);
        registry.add("mnemo.security.mode", () -> "keys");
        // Low enough for a test to pass it (250 requests), high enough for the other tests' requests per key.
        registry.add("mnemo.rate-limit.requests-per-second", () -> "20");
        registry.add("mnemo.rate-limit.burst", () -> "100");
    }

    @AfterAll
    static void drop() {
        TestDatabases.drop(DATABASE);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiKeys keys;

    @Autowired
    Quotas quotas;

    WebTestClient client;
    static String keyA;
    static String keyB;
    static String readOnlyA;

    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(60)).build();
        if (keyA == null) {
            keyA = keys.create("test", new Tenant("acme"), "a", EnumSet.of(Scope.READ, Scope.WRITE), null).block().token();
            keyB = keys.create("test", new Tenant("globex"), "b", EnumSet.of(Scope.READ, Scope.WRITE), null).block().token();
            readOnlyA = keys.create("test", new Tenant("acme"), "ro", Set.of(Scope.READ), null).block().token();
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
        ApiKeys.NewKey revoked = keys.create("test", new Tenant("acme"), "gone", Set.of(Scope.READ), null).block();
        get(revoked.token(), "/v1/collections").expectStatus().isOk();
        keys.revoke("test", new Tenant("acme"), revoked.key().id()).block();
        json(get(revoked.token(), "/v1/collections"), 401);
        ApiKeys.NewKey expiring = keys.create("test", new Tenant("acme"), "short", Set.of(Scope.READ),
                OffsetDateTime.now().plusSeconds(1)).block();
        get(expiring.token(), "/v1/collections").expectStatus().isOk();
        sleep(1500);
        json(get(expiring.token(), "/v1/collections"), 401);
        // An admin key reads the operations endpoints.
        String admin = keys.create("test", new Tenant("acme"), "ops", Set.of(Scope.ADMIN), null).block().token();
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

    @Test
    void adminsManageTheirTenantsKeysAndReadItsAuditLog() {
        String admin = keys.create("test", new Tenant("initech"), "root", Set.of(Scope.ADMIN), null).block().token();
        String adminB = keys.create("test", new Tenant("globex"), "root", Set.of(Scope.ADMIN), null).block().token();
        JsonNode created = json(send("POST", admin, "/v1/admin/keys", Map.of("name", "writer", "scopes", List.of("read", "write"))), 201);
        String token = created.get("token").asString();
        String id = created.get("key").get("id").asString();
        assertThat(token).startsWith("mnemo_" + id + "_");
        JsonNode event = json(send("POST", token, "/v1/events", Map.of("content", Map.of("text", "to be deleted"))), 201);
        send("DELETE", token, "/v1/events/" + event.get("id").asString(), null).expectStatus().isNoContent();
        json(send("POST", admin, "/v1/admin/keys", Map.of("scopes", List.of("root"))), 400);

        assertThat(json(get(admin, "/v1/admin/keys"), 200).toString()).contains(id).doesNotContain(token);
        // Another tenant's admin can neither see nor revoke the key.
        assertThat(json(get(adminB, "/v1/admin/keys"), 200).toString()).doesNotContain(id);
        json(send("DELETE", adminB, "/v1/admin/keys/" + id, null), 404);
        send("DELETE", admin, "/v1/admin/keys/" + id, null).expectStatus().isNoContent();
        json(get(token, "/v1/collections"), 401);

        JsonNode log = json(get(admin, "/v1/admin/audit"), 200);
        assertThat(log.toString()).contains("key.create").contains("key.revoke")
                .contains("DELETE /v1/events/" + event.get("id").asString()).contains(id);
        assertThat(json(get(adminB, "/v1/admin/audit"), 200).toString()).doesNotContain(event.get("id").asString());
        // Keys of read/write scope may not administer.
        json(get(keyA, "/v1/admin/keys"), 403);
    }

    @Test
    void aBurstPastTheKeysRateLimitIsRefusedWith429AndNothingElseFails() {
        String burst = keys.create("test", new Tenant("acme"), "burst", Set.of(Scope.READ), null).block().token();
        int ok = 0;
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 250; i++) {
            var result = get(burst, "/v1/collections").returnResult(byte[].class);
            int status = result.getStatus().value();
            if (status == 200) {
                ok++;
            } else if (status == 429) {
                limited++;
                retryAfter = result.getResponseHeaders().getFirst("Retry-After");
                assertThat(result.getResponseHeaders().getContentType().toString()).contains("problem+json");
            } else {
                throw new AssertionError("unexpected status " + status);
            }
        }
        assertThat(ok).as("the burst, then the refill").isGreaterThanOrEqualTo(100);
        assertThat(limited).isPositive();
        assertThat(retryAfter).isEqualTo("1");
        // Another key of the same tenant has its own bucket.
        get(readOnlyA, "/v1/collections").expectStatus().isOk();
    }

    /**
     * Generated from the OpenAPI document, so a new route is covered the day it appears: every operation, called
     * with tenant B's key on tenant A's ids (path parameters, graph walks) or on B's own lists and searches, answers
     * 404 or a 4xx (whose body names no class, package or database message), or a 2xx holding nothing of A; never
     * a 5xx. A's rows, counted in SQL, are the same afterwards.
     */
    @Test
    void everyOperationOfTheApiDocumentGivesTenantBNothingOfTenantA() throws Exception {
        String secret = "zebra-quartz-" + java.util.UUID.randomUUID();
        String event = json(send("POST", keyA, "/v1/events", Map.of("content", Map.of("text", secret),
                "metadata", Map.of("tag", secret))), 201).get("id").asString();
        String node1 = json(send("POST", keyA, "/v1/nodes", Map.of("node_type", "t", "label", secret)), 201).get("node_id").asString();
        String node2 = json(send("POST", keyA, "/v1/nodes", Map.of("node_type", "t", "label", "n2")), 201).get("node_id").asString();
        String edge = json(send("POST", keyA, "/v1/edges", Map.of("source_node_id", node1, "target_node_id", node2,
                "relation_type", "knows")), 201).get("edge_id").asString();
        send("POST", keyA, "/v1/collections", Map.of("name", "vault")).expectStatus().isCreated();
        send("POST", keyA, "/v1/collections/vault/add", Map.of("ids", List.of("r1"), "documents", List.of(secret)))
                .expectStatus().isCreated();
        List<String> ofA = List.of(secret, event, node1, node2, edge);
        Map<String, Long> before = rowsOf("acme");

        String admin = keys.create("test", new Tenant("globex"), "docs", Set.of(Scope.ADMIN), null).block().token();
        JsonNode doc = json(get(admin, "/v3/api-docs"), 200);
        float[] vector = new float[384];
        vector[0] = 1;
        Map<String, Object> bodies = new java.util.HashMap<>();
        bodies.put("POST /v1/events", Map.of("content", Map.of("text", "b")));
        bodies.put("POST /v1/events/batch", List.of(Map.of("content", Map.of("text", "b"))));
        bodies.put("POST /v1/events/filter/metadata", Map.of("tag", secret));
        bodies.put("POST /v1/events/search/embedding", vector);
        bodies.put("PATCH /v1/events/{id}/metadata", Map.of("x", 1));
        bodies.put("POST /v1/nodes", Map.of("node_type", "t"));
        // B links its own nodes (an edge's answer echoes the ids it was given).
        String b1 = json(send("POST", keyB, "/v1/nodes", Map.of("node_type", "t")), 201).get("node_id").asString();
        String b2 = json(send("POST", keyB, "/v1/nodes", Map.of("node_type", "t")), 201).get("node_id").asString();
        bodies.put("POST /v1/edges", Map.of("source_node_id", b1, "target_node_id", b2, "relation_type", "x"));
        bodies.put("POST /v1/collections", Map.of("name", "other"));
        bodies.put("POST /v1/collections/{name}/add", Map.of("ids", List.of("r2"), "embeddings", List.of(vector)));
        bodies.put("POST /v1/collections/{name}/upsert", Map.of("ids", List.of("r1"), "embeddings", List.of(vector)));
        bodies.put("POST /v1/collections/{name}/update", Map.of("ids", List.of("r1"), "documents", List.of("changed")));
        bodies.put("POST /v1/collections/{name}/get", Map.of("ids", List.of("r1")));
        bodies.put("POST /v1/collections/{name}/delete", Map.of("ids", List.of("r1")));
        bodies.put("POST /v1/collections/{name}/query", Map.of("query_embeddings", List.of(vector)));
        bodies.put("POST /v1/embeddings", Map.of("text", secret));
        bodies.put("POST /v1/search", Map.of("query", secret, "limit", 50));
        bodies.put("POST /v1/search/content", Map.of("query", secret));
        bodies.put("POST /v1/search/similarity", Map.of("query", secret));
        bodies.put("POST /v1/code/search", Map.of("query", secret, "mode", "hybrid"));
        bodies.put("POST /v1/code/repositories", Map.of("path", "/nonexistent-" + secret));
        Map<String, String> query = Map.of("start", node1, "from", node1, "to", node2, "vector_query", secret,
                "query", secret, "filter_metadata", "{\"tag\":\"" + secret + "\"}");

        List<String> failures = new java.util.ArrayList<>();
        int operations = 0;
        for (var path : doc.get("paths").properties()) {
            for (var op : path.getValue().properties()) {
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                String route = path.getKey();
                if (route.startsWith("/v1/admin")) {
                    continue; // B's key has no admin scope (403, checked elsewhere); B's own admin sees only B
                }
                operations++;
                String uri = route.replace("{name}", "vault").replace("{id}", route.startsWith("/v1/edges") ? edge
                        : route.startsWith("/v1/nodes") ? node1 : event);
                StringBuilder params = new StringBuilder();
                for (JsonNode p : op.getValue().path("parameters")) {
                    if ("query".equals(p.path("in").asString()) && query.containsKey(p.get("name").asString())) {
                        params.append(params.isEmpty() ? "?" : "&").append(p.get("name").asString()).append("=")
                                .append(java.net.URLEncoder.encode(query.get(p.get("name").asString()),
                                        java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
                Object body = bodies.get(method + " " + route.replaceAll("/$", ""));
                if (body == null && op.getValue().has("requestBody")) {
                    failures.add(method + " " + route + ": no request body in this test's table (add one)");
                    continue;
                }
                var result = client.method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri + params)
                        .header("X-API-Key", keyB)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body == null ? "" : JSON.writeValueAsString(body))
                        .exchange().returnResult(byte[].class);
                int status = result.getStatus().value();
                String answer = result.getResponseBodyContent() == null ? ""
                        : new String(result.getResponseBodyContent(), java.nio.charset.StandardCharsets.UTF_8);
                boolean onAsIds = route.contains("{") || params.toString().contains(node1);
                if (status >= 500) {
                    failures.add(method + " " + uri + ": " + status);
                } else if (status >= 400 && LEAK.matcher(answer).find()) {
                    failures.add(method + " " + uri + ": " + status + " error body names internals: " + answer);
                } else if (status < 300 && ofA.stream().anyMatch(answer::contains)) {
                    failures.add(method + " " + uri + ": " + status + " shows tenant A's data: " + answer);
                } else if (onAsIds && status < 300 && !method.equals("GET")) {
                    failures.add(method + " " + uri + ": " + status + " on tenant A's id (expected 404)");
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(operations).as("operations of the API document").isGreaterThan(30);
        assertThat(rowsOf("acme")).as("tenant A's rows after B's calls").isEqualTo(before);
        JsonNode still = json(get(keyA, "/v1/events/" + event), 200);
        assertThat(still.get("metadata").toString()).doesNotContain("\"x\"");
    }

    @Test
    void quotasRefuseWritesPastTheLimitWithAProblemNamingTheQuota() throws Exception {
        Tenant initech = new Tenant("initech");
        String key = keys.create("test", initech, "w", EnumSet.of(Scope.READ, Scope.WRITE, Scope.ADMIN), null).block().token();
        quotas.set("test", initech, new Quota(2L, 1L, null)).block();

        json(send("POST", key, "/v1/events", Map.of("content", Map.of("text", "first"))), 201);
        json(send("POST", key, "/v1/nodes", Map.of("node_type", "person", "label", "Ada")), 201);
        // The third row does not fit: 403 naming the quota, nothing written.
        JsonNode refused = json(send("POST", key, "/v1/events", Map.of("content", Map.of("text", "third"))), 403);
        assertThat(refused.get("errors").get(0).get("field").asString()).isEqualTo("rows");
        assertThat(refused.get("errors").get(0).get("rule").asString()).isEqualTo("quota 2");
        assertThat(refused.get("detail").asString()).contains("holds 2").contains("adds 1");
        json(send("POST", key, "/v1/events/batch", Map.of("events", List.of(Map.of("content", Map.of("text", "a")),
                Map.of("content", Map.of("text", "b"))))), 403);
        assertThat(rowsOf("initech")).containsEntry("events", 1L).containsEntry("nodes", 1L);

        send("POST", key, "/v1/collections", Map.of("name", "one")).expectStatus().isCreated();
        assertThat(json(send("POST", key, "/v1/collections", Map.of("name", "two")), 403)
                .get("errors").get(0).get("field").asString()).isEqualTo("collections");
        // Get-or-create of an existing collection adds nothing and is not refused.
        json(send("POST", key, "/v1/collections", Map.of("name", "one", "get_or_create", true)), 200);
        json(send("POST", key, "/v1/collections/one/add", Map.of("ids", List.of("r1"), "documents", List.of("x"))), 403);

        // Storage: room for the rows, not for their bytes -> 413 (a small record takes ~1.7 KB: its 384-d vector).
        Quotas.Report held = quotas.report(initech).block();
        assertThat(held.usage().rows()).isEqualTo(2);
        assertThat(held.usage().collections()).isEqualTo(1);
        quotas.set("test", initech, new Quota(null, null, held.usage().storageBytes() + 3000)).block();
        JsonNode tooBig = json(send("POST", key, "/v1/collections/one/add", Map.of("ids", List.of("r1"),
                "documents", List.of("y".repeat(4000)))), 413);
        assertThat(tooBig.get("errors").get(0).get("field").asString()).isEqualTo("storage_bytes");
        json(send("POST", key, "/v1/collections/one/add", Map.of("ids", List.of("r2"), "documents", List.of("small"))), 201);

        // The tenant's admin reads its quota and usage; the change of quota is in its audit log.
        JsonNode mine = json(get(key, "/v1/admin/quota"), 200);
        assertThat(mine.get("limits").get("rows").isNull()).isTrue();
        assertThat(mine.get("usage").get("rows").asLong()).isEqualTo(3);
        assertThat(mine.get("usage").get("storage_bytes").asLong()).isPositive();
        assertThat(json(get(key, "/v1/admin/audit"), 200).toString()).contains("quota.set");
        // Another tenant's limits are its own.
        json(send("POST", keyB, "/v1/events", Map.of("content", Map.of("text", "globex is not limited"))), 201);
    }

    /** Rows of one tenant in every tenant table, counted as the database's owner (no row-level security). */
    private static Map<String, Long> rowsOf(String tenant) throws Exception {
        Map<String, Long> rows = new java.util.TreeMap<>();
        try (var connection = TestDatabases.connect(DATABASE)) {
            for (String table : List.of("events", "nodes", "edges", "collections")) {
                try (var st = connection.prepareStatement("SELECT count(*) FROM " + table + " WHERE tenant_id = ?")) {
                    st.setString(1, tenant);
                    try (var rs = st.executeQuery()) {
                        rs.next();
                        rows.put(table, rs.getLong(1));
                    }
                }
            }
            try (var st = connection.createStatement();
                 var rs = st.executeQuery("SELECT 'records:' || c.name, c.id FROM collections c WHERE tenant_id = '"
                         + tenant + "'")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    try (var count = connection.createStatement().executeQuery("SELECT count(*) || ':' || "
                            + "coalesce(string_agg(document, ','), '') FROM collection_records_" + rs.getLong(2))) {
                        count.next();
                        rows.put(name, (long) count.getString(1).hashCode());
                    }
                }
            }
        }
        return rows;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
