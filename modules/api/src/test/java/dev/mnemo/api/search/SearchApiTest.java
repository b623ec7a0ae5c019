package dev.mnemo.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.api.ApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** MnemoLite's /v1/search contract plus Mnemo's domain/k, with the real model and database. */
class SearchApiTest extends ApiTestSupport {

    void create(String text, Map<String, Object> metadata, String timestamp) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("content", Map.of("text", text), "metadata", metadata));
        if (timestamp != null) {
            body.put("timestamp", timestamp);
        }
        client.post().uri("/v1/events/").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated();
    }

    @Test
    void semanticSearchFindsTheParaphraseFirst() {
        String tag = UUID.randomUUID().toString();
        create("The cat sits on the mat", Map.of("tag", tag), null);
        create("Quarterly revenue grew 5% thanks to new customers", Map.of("tag", tag), null);
        create("The database migration failed with a timeout", Map.of("tag", tag), null);
        String filter = "{\"tag\":\"" + tag + "\"}";
        client.get().uri(u -> u.path("/v1/search/").queryParam("vector_query", "A cat is sitting on a mat")
                        .queryParam("filter_metadata", "{filter}").queryParam("limit", 3)
                        .queryParam("distance_threshold", 2.0).build(filter))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data.length()").isEqualTo(3)
                .jsonPath("$.data[0].content.text").isEqualTo("The cat sits on the mat")
                .jsonPath("$.meta.limit").isEqualTo(3)
                .jsonPath("$.meta.offset").isEqualTo(0)
                .jsonPath("$.meta.total_hits").isEqualTo(3);
        client.post().uri("/v1/search/similarity").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "the schema upgrade timed out", "limit", 1)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.events[0].content.text")
                .isEqualTo("The database migration failed with a timeout");
    }

    @Test
    void lexicalAndHybridModesFindAnExactIdentifierThatVectorsBlur() {
        String tag = UUID.randomUUID().toString();
        create("Payment failed with error code ZX4471 at the gateway", Map.of("tag", tag), null);
        create("Payment failed with error code QR9902 at the gateway", Map.of("tag", tag), null);
        create("The cat sits on the mat", Map.of("tag", tag), null);
        String filter = "{\"tag\":\"" + tag + "\"}";
        // Lexical: only the event holding the code; its score is BM25's.
        client.get().uri(u -> u.path("/v1/search/").queryParam("vector_query", "zx4471").queryParam("mode", "lexical")
                        .queryParam("filter_metadata", "{f}").build(filter))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data.length()").isEqualTo(1)
                .jsonPath("$.data[0].content.text").isEqualTo("Payment failed with error code ZX4471 at the gateway");
        // Hybrid: the exact match first, the vector leg's neighbours after it; POST takes the mode too.
        client.post().uri("/v1/search/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "error ZX4471", "mode", "hybrid", "metadata", Map.of("tag", tag), "limit", 3))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.events[0].content.text").isEqualTo("Payment failed with error code ZX4471 at the gateway")
                .jsonPath("$.events.length()").isEqualTo(3);
        // explain: each hit's rank and score per leg, and the score it was ranked by.
        client.post().uri("/v1/search/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "error ZX4471", "mode", "hybrid", "metadata", Map.of("tag", tag), "limit", 3,
                        "explain", true))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.events[0].explain.lexical.rank").isEqualTo(1)
                .jsonPath("$.events[0].explain.vector.rank").isNumber()
                .jsonPath("$.events[0].explain.score").isNumber()
                .jsonPath("$.events[2].explain.lexical").doesNotExist();
        client.get().uri(u -> u.path("/v1/search/").queryParam("vector_query", "zx4471").queryParam("mode", "lexical")
                        .queryParam("explain", true).queryParam("filter_metadata", "{f}").build(filter))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data[0].explain.lexical.rank").isEqualTo(1)
                .jsonPath("$.data[0].explain.vector").doesNotExist();
        // Without explain the answer is MnemoLite's, field for field.
        client.get().uri(u -> u.path("/v1/search/").queryParam("vector_query", "zx4471").queryParam("mode", "lexical")
                        .queryParam("filter_metadata", "{f}").build(filter))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.data[0].explain").doesNotExist();
        // A deleted event leaves the lexical index in the same statement.
        String id = client.post().uri("/v1/search/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "QR9902", "mode", "lexical", "metadata", Map.of("tag", tag)))
                .exchange().expectStatus().isOk().expectBody(tools.jackson.databind.JsonNode.class).returnResult()
                .getResponseBody().get("events").get(0).get("id").asString();
        client.delete().uri("/v1/events/" + id).exchange().expectStatus().is2xxSuccessful();
        client.post().uri("/v1/search/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "QR9902", "mode", "lexical", "metadata", Map.of("tag", tag)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.events.length()").isEqualTo(0);
        // Bad input names the field.
        client.get().uri(u -> u.path("/v1/search/").queryParam("vector_query", "x").queryParam("mode", "fuzzy").build())
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("mode");
        client.post().uri("/v1/search/").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("mode", "lexical"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("query");
    }

    @Test
    void metadataAndTimeFiltersCombineWithVectorSearch() {
        String tag = UUID.randomUUID().toString();
        create("Deploy the service on Monday", Map.of("tag", tag, "team", "ops"), "2024-01-10T10:00:00Z");
        create("Deploy the service on Tuesday", Map.of("tag", tag, "team", "dev"), "2024-01-11T10:00:00Z");
        create("Deploy the service on Friday", Map.of("tag", tag, "team", "ops"), "2024-03-01T10:00:00Z");
        String filter = "{\"tag\":\"" + tag + "\",\"team\":\"ops\"}";
        client.get().uri(u -> u.path("/v1/search/").queryParam("vector_query", "deployment")
                        .queryParam("filter_metadata", "{f}").queryParam("ts_start", "2024-01-01T00:00:00Z")
                        .queryParam("ts_end", "2024-02-01T00:00:00Z").build(filter))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data.length()").isEqualTo(1)
                .jsonPath("$.data[0].content.text").isEqualTo("Deploy the service on Monday");
        client.post().uri("/v1/search/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("metadata", Map.of("tag", tag), "ts_start", "2024-01-11T00:00:00Z", "limit", 10))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(2).jsonPath("$.events.length()").isEqualTo(2);
        client.get().uri(u -> u.path("/v1/search/metadata").queryParam("metadata_filter", "{f}").build(filter))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(2);
        client.post().uri("/v1/search/content").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "on FRIDAY")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.events[0].content.text").isEqualTo("Deploy the service on Friday");
    }

    @Test
    void vectorQueryMayBeAJsonVectorAndKLimits() {
        String tag = UUID.randomUUID().toString();
        for (int i = 0; i < 4; i++) {
            float[] v = new float[384];
            v[200 + i] = 1;
            client.post().uri("/v1/events/").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("content", Map.of("i", i), "metadata", Map.of("tag", tag), "embedding", v))
                    .exchange().expectStatus().isCreated();
        }
        StringBuilder q = new StringBuilder("[");
        for (int d = 0; d < 384; d++) {
            q.append(d == 0 ? "" : ",").append(d == 202 ? "1" : "0");
        }
        client.get().uri(u -> u.path("/v1/search/").queryParam("vector_query", "{q}").queryParam("k", 2)
                        .queryParam("filter_metadata", "{f}").build(q.append("]").toString(), "{\"tag\":\"" + tag + "\"}"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data.length()").isEqualTo(2)
                .jsonPath("$.data[0].content.i").isEqualTo(2);
    }

    @Test
    void filteredTopKReturnsKRowsWhenKMatch() {
        // Many rows, a selective filter: iterative HNSW scanning must still deliver k rows.
        String tag = UUID.randomUUID().toString();
        List<Map<String, Object>> events = new java.util.ArrayList<>();
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 3000; i++) {
            float[] v = new float[384];
            for (int d = 0; d < 384; d++) {
                v[d] = r.nextFloat() - 0.5f;
            }
            events.add(Map.of("content", Map.of("i", i), "metadata", Map.of("tag", tag, "rare", i % 300 == 0),
                    "embedding", v));
        }
        for (int from = 0; from < events.size(); from += 1000) {
            client.post().uri("/v1/events/batch").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("events", events.subList(from, from + 1000))).exchange().expectStatus().isCreated();
        }
        float[] q = new float[384];
        q[0] = 1;
        client.post().uri("/v1/search/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("vector", q, "metadata", Map.of("tag", tag, "rare", true), "k", 10))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.events.length()").isEqualTo(10);
    }

    @Test
    void badSearchInputsAre400s() {
        client.get().uri("/v1/search/?filter_metadata={x}", "{not json").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("filter_metadata");
        client.get().uri("/v1/search/?ts_end=31-12-2024").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("ts_end");
        client.get().uri("/v1/search/?distance_threshold=3").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("distance_threshold");
        client.get().uri("/v1/search/?limit=0").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        client.get().uri("/v1/search/?vector_query={v}", "[1, \"a\"]").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("vector_query[1]");
        client.get().uri("/v1/search/metadata?metadata_filter={x}", "[1]").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].rule").isEqualTo("json object");
        client.post().uri("/v1/search/").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("limit", 1001))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        client.post().uri("/v1/search/similarity").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("limit", 1))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("query");
        client.get().uri("/v1/search/?vector_query=x&domain=VIDEO").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("domain");
    }

    @Test
    void hybridAndCodeDomainsSearchTheirOwnVectors() {
        String tag = UUID.randomUUID().toString();
        for (String text : List.of("def add(a, b): return a + b", "SELECT name FROM users WHERE id = 1",
                "The weather is sunny today")) {
            client.post().uri("/v1/events/").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("content", Map.of("text", text), "metadata", Map.of("tag", tag), "domain", "HYBRID"))
                    .exchange().expectStatus().isCreated()
                    .expectBody().jsonPath("$.embedding_code.length()").isEqualTo(384);
        }
        for (String domain : List.of("CODE", "HYBRID")) {
            client.post().uri("/v1/search/").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("query", "python function adding two numbers", "domain", domain,
                            "metadata", Map.of("tag", tag), "k", 3))
                    .exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.events.length()").isEqualTo(3)
                    .jsonPath("$.events[0].content.text").isEqualTo("def add(a, b): return a + b");
        }
    }
}
