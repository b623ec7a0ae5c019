package dev.mnemo.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.api.ApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** MnemoLite's /v1/events contract: each route's success, 404 and bad inputs, against the real service. */
class EventsApiTest extends ApiTestSupport {

    @SuppressWarnings("unchecked")
    Map<String, Object> create(Object body) {
        return client.post().uri("/v1/events/").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    void createGeneratesAnEmbeddingFromTheFirstTextField() {
        Map<String, Object> e = create(Map.of("content", Map.of("title", "ignored when text exists", "text", "Coffee helps me focus"),
                "metadata", Map.of("source", "test")));
        assertThat(e.get("id")).isNotNull();
        assertThat(e.get("timestamp")).isNotNull();
        assertThat((List<?>) e.get("embedding")).hasSize(384);
        assertThat(e).containsKey("similarity_score");
        assertThat(e.get("metadata")).isEqualTo(Map.of("source", "test"));
    }

    @Test
    void createKeepsAGivenEmbeddingAndTimestamp() {
        float[] v = new float[384];
        v[3] = 1;
        Map<String, Object> e = create(Map.of("content", Map.of("x", 1), "embedding", v, "timestamp", "2024-05-06T07:08:09Z"));
        assertThat(((List<?>) e.get("embedding")).get(3)).isEqualTo(1.0);
        assertThat((String) e.get("timestamp")).startsWith("2024-05-06T07:08:09");
    }

    @Test
    void contentWithoutTextIsStoredWithoutEmbedding() {
        Map<String, Object> e = create(Map.of("content", Map.of("count", 3)));
        assertThat(e.get("embedding")).isNull();
    }

    @Test
    void getPatchDeleteRoundTrip() {
        Map<String, Object> e = create(Map.of("content", Map.of("text", "round trip"), "metadata", Map.of("a", 1)));
        String id = (String) e.get("id");
        client.get().uri("/v1/events/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.content.text").isEqualTo("round trip");
        client.patch().uri("/v1/events/{id}/metadata", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("b", 2)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.metadata.a").isEqualTo(1).jsonPath("$.metadata.b").isEqualTo(2);
        client.delete().uri("/v1/events/{id}", id).exchange().expectStatus().isNoContent();
        client.get().uri("/v1/events/{id}", id).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.delete().uri("/v1/events/{id}", id).exchange().expectStatus().isNotFound();
        client.patch().uri("/v1/events/{id}/metadata", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("b", 2)).exchange().expectStatus().isNotFound();
    }

    @Test
    void badInputsAreProblemsNamingTheField() {
        expectProblem(client.get().uri("/v1/events/not-a-uuid").exchange(), "id", "uuid");
        expectProblem(client.post().uri("/v1/events/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("metadata", Map.of())).exchange(), "content", "required");
        expectProblem(client.post().uri("/v1/events/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", "a string")).exchange(), "content", "required object");
        expectProblem(client.post().uri("/v1/events/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of(), "embedding", List.of(1, 2))).exchange(), "embedding", "dimension 384");
        expectProblem(client.post().uri("/v1/events/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of(), "timestamp", "yesterday")).exchange(), "timestamp", "ISO-8601");
        expectProblem(client.post().uri("/v1/events/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("content", Map.of("text", "x"), "domain", "AUDIO")).exchange(), "domain", "one of TEXT, CODE, HYBRID");
        client.post().uri("/v1/events/").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"content\": {")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].rule").isEqualTo("json");
        expectProblem(client.patch().uri("/v1/events/{id}/metadata", UUID.randomUUID()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(1)).exchange(), "body", "object");
        expectProblem(client.post().uri("/v1/events/filter/metadata?limit=101").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange(), "limit", "between 1 and 100");
        expectProblem(client.post().uri("/v1/events/search/embedding").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(0.1, 0.2)).exchange(), "vector_query", "dimension 384");
    }

    @Test
    void filterByMetadataUsesContainmentWithPaging() {
        String tag = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            create(Map.of("content", Map.of("n", i), "metadata", Map.of("tag", tag, "kind", i == 0 ? "a" : "b")));
        }
        client.post().uri("/v1/events/filter/metadata?limit=10").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tag", tag, "kind", "b")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(2);
        client.post().uri("/v1/events/filter/metadata?limit=1&offset=1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("tag", tag)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    @Test
    void searchByEmbeddingReturnsNearestFirstWithScores() {
        String tag = UUID.randomUUID().toString();
        for (int axis = 0; axis < 3; axis++) {
            float[] v = new float[384];
            v[100 + axis] = 1;
            create(Map.of("content", Map.of("axis", axis), "metadata", Map.of("tag", tag), "embedding", v));
        }
        float[] q = new float[384];
        q[101] = 1;
        // The whole-table endpoint walks the shared test database's HNSW graph, where one-hot vectors are outliers
        // that an approximate search may miss: it is checked for shape and order; which event is nearest is checked
        // with the tag filter (the planner scans the 3 tagged events exactly).
        JsonNode global = JsonMapper.builder().build().readTree(client.post().uri("/v1/events/search/embedding?limit=2")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(q).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(global.size()).isEqualTo(2);
        assertThat(global.get(0).path("similarity_score").asDouble())
                .isGreaterThanOrEqualTo(global.get(1).path("similarity_score").asDouble());
        client.post().uri("/v1/search/").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("vector", q, "metadata", Map.of("tag", tag), "k", 2))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.events.length()").isEqualTo(2)
                .jsonPath("$.events[0].content.axis").isEqualTo(1)
                .jsonPath("$.events[0].similarity_score").isEqualTo(1.0);
    }

    private static void expectProblem(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response,
                                      String field, String rule) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.errors[0].rule").isEqualTo(rule);
    }
}
