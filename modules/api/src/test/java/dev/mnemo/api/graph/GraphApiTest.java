package dev.mnemo.api.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.api.ApiTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class GraphApiTest extends ApiTestSupport {

    UUID node(String label) {
        JsonNode n = client.post().uri("/v1/nodes").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("node_type", "concept", "label", label)).exchange().expectStatus().isCreated()
                .returnResult(JsonNode.class).getResponseBody().blockFirst();
        return UUID.fromString(n.get("node_id").asString());
    }

    void edge(UUID a, UUID b, String relation) {
        client.post().uri("/v1/edges").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("source_node_id", a.toString(), "target_node_id", b.toString(), "relation_type", relation))
                .exchange().expectStatus().isCreated();
    }

    @Test
    void traversesWithinDepthAndFindsShortestPaths() {
        UUID a = node("a"), b = node("b"), c = node("c"), d = node("d");
        edge(a, b, "knows");
        edge(b, c, "knows");
        edge(c, d, "knows");
        edge(a, d, "cites");
        edge(c, a, "knows"); // a cycle must not loop

        List<JsonNode> reached = client.get().uri("/v1/graph/traverse?start={a}&relation=knows&max_depth=2", a)
                .exchange().expectStatus().isOk().returnResult(JsonNode.class).getResponseBody().collectList().block();
        assertThat(reached).extracting(n -> n.get("label").asString() + n.get("depth").asInt()).containsExactly("b1", "c2");

        client.get().uri("/v1/graph/path?from={a}&to={d}", a, d).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length").isEqualTo(1);
        client.get().uri("/v1/graph/path?from={a}&to={d}&relation=knows", a, d).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length").isEqualTo(3).jsonPath("$.path[3]").isEqualTo(d.toString());
        client.get().uri("/v1/graph/path?from={d}&to={a}", d, a).exchange().expectStatus().isNotFound();
        client.get().uri("/v1/graph/path?from={d}&to={a}&direction=both", d, a).exchange().expectStatus().isOk();

        client.get().uri("/v1/nodes/{a}/edges", a).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(3);
        client.delete().uri("/v1/nodes/{b}", b).exchange().expectStatus().isNoContent();
        client.get().uri("/v1/nodes/{b}", b).exchange().expectStatus().isNotFound();
        client.get().uri("/v1/graph/traverse?start={a}&relation=knows&max_depth=3", a).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
    }

    @Test
    void badGraphInputsAre400s() {
        client.get().uri("/v1/graph/traverse?start=x").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("start");
        client.get().uri("/v1/graph/traverse?start={s}&max_depth=99", UUID.randomUUID()).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("max_depth");
        client.get().uri("/v1/graph/traverse?start={s}&direction=up", UUID.randomUUID()).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("direction");
        client.post().uri("/v1/nodes").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("label", "x"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("node_type");
        UUID id = node("dup");
        client.post().uri("/v1/nodes").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("node_id", id.toString(), "node_type", "concept")).exchange().expectStatus().isEqualTo(409);
    }
}
