package dev.mnemo.api.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.api.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The collections API against the real service and a real database (given vectors; no model needed). */
class CollectionsApiTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String name() {
        return "api-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<Float> vector(int seed) {
        List<Float> v = new ArrayList<>();
        for (int i = 0; i < 384; i++) {
            v.add((float) Math.sin(seed * 31 + i));
        }
        return v;
    }

    private void create(String name, String distance) {
        client.post().uri("/v1/collections").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "metadata", Map.of("team", "a"), "distance", distance))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.name").isEqualTo(name).jsonPath("$.distance").isEqualTo(distance)
                .jsonPath("$.hnsw.m").isEqualTo(16).jsonPath("$.hnsw.ef_construction").isEqualTo(64)
                .jsonPath("$.dimension").isEqualTo(384);
    }

    @Test
    void collectionLifecycleAndErrors() {
        String name = name();
        create(name, "cosine");
        client.post().uri("/v1/collections").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", name))
                .exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("name");
        client.post().uri("/v1/collections").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "get_or_create", true)).exchange().expectStatus().isOk();
        client.post().uri("/v1/collections").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "no spaces!"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("name");
        client.post().uri("/v1/collections").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name(), "distance", "hamming")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("distance");
        client.get().uri("/v1/collections/" + name).exchange().expectStatus().isOk().expectBody().jsonPath("$.metadata.team").isEqualTo("a");
        client.get().uri("/v1/collections").exchange().expectStatus().isOk().expectBody().jsonPath("$[?(@.name == '" + name + "')]").exists();
        client.delete().uri("/v1/collections/" + name).exchange().expectStatus().isNoContent();
        client.get().uri("/v1/collections/" + name).exchange().expectStatus().isNotFound();
        client.delete().uri("/v1/collections/" + name).exchange().expectStatus().isNotFound();
        client.post().uri("/v1/collections/" + name + "/query").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query_embeddings", List.of(vector(1)))).exchange().expectStatus().isNotFound();
    }

    @Test
    void recordsAddQueryGetUpdateDelete() {
        String name = name();
        create(name, "cosine");
        Map<String, Object> batch = Map.of("ids", List.of("a", "b", "c"),
                "documents", List.of("alpha doc", "Beta doc", "gamma"),
                "metadatas", List.of(Map.of("n", 1, "tags", List.of("x")), Map.of("n", 2), Map.of("n", 3)),
                "embeddings", List.of(vector(1), vector(2), vector(3)));
        client.post().uri("/v1/collections/" + name + "/add").contentType(MediaType.APPLICATION_JSON).bodyValue(batch)
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.added").isEqualTo(3);
        client.post().uri("/v1/collections/" + name + "/add").contentType(MediaType.APPLICATION_JSON).bodyValue(batch)
                .exchange().expectStatus().isEqualTo(409);
        client.post().uri("/v1/collections/" + name + "/upsert").contentType(MediaType.APPLICATION_JSON).bodyValue(batch)
                .exchange().expectStatus().isOk();
        client.get().uri("/v1/collections/" + name + "/count").exchange().expectStatus().isOk().expectBody(Long.class).isEqualTo(3L);
        // The service's background indexer (woken by the writes) empties the backlog the collection reports.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        long pending;
        do {
            JsonNode view = JsonMapper.builder().build().readTree(client.get().uri("/v1/collections/" + name).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
            pending = view.path("index").path("pending").asLong(-1);
            assertThat(pending).as("index.pending is reported").isGreaterThanOrEqualTo(0);
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
        } while (pending > 0 && System.nanoTime() < deadline);
        assertThat(pending).as("records still waiting for the index after 60 s").isZero();

        client.post().uri("/v1/collections/" + name + "/query").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query_embeddings", List.of(vector(2), vector(3)), "n_results", 2,
                        "where", Map.of("n", Map.of("$gte", 2)), "include", List.of("distances", "metadatas")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.ids[0][0]").isEqualTo("b")
                .jsonPath("$.ids[1][0]").isEqualTo("c")
                .jsonPath("$.ids[0].length()").isEqualTo(2)
                .jsonPath("$.distances[0][0]").value(d -> assertThat(((Number) d).doubleValue()).isLessThan(1e-5))
                .jsonPath("$.metadatas[1][0].n").isEqualTo(3)
                .jsonPath("$.documents").isEmpty();

        client.post().uri("/v1/collections/" + name + "/get").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("where_document", Map.of("$iregex", "^beta"), "include", List.of("documents")))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.ids[0]").isEqualTo("b").jsonPath("$.ids.length()").isEqualTo(1)
                .jsonPath("$.documents[0]").isEqualTo("Beta doc");
        client.post().uri("/v1/collections/" + name + "/get").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("where", Map.of("tags", Map.of("$contains", "x")))).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.ids").isEqualTo(List.of("a"));

        client.post().uri("/v1/collections/" + name + "/update").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ids", List.of("a"), "metadatas", List.of(Map.of("n", 10))))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.updated").isEqualTo(1);
        client.post().uri("/v1/collections/" + name + "/get").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ids", List.of("a"))).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.metadatas[0].n").isEqualTo(10).jsonPath("$.documents[0]").isEqualTo("alpha doc");
        client.post().uri("/v1/collections/" + name + "/delete").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("where", Map.of("n", Map.of("$gt", 2)))).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.deleted").isEqualTo(2);
        client.get().uri("/v1/collections/" + name + "/peek").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.ids").isEqualTo(List.of("b"));
    }

    @Test
    void badInputIs400WithThePathOversizeIs413() {
        String name = name();
        create(name, "l2");
        client.post().uri("/v1/collections/" + name + "/upsert").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ids", List.of("x"), "embeddings", List.of(List.of(1.0, 2.0))))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("embeddings[0]")
                .jsonPath("$.errors[0].rule").isEqualTo("dimension 384");
        client.post().uri("/v1/collections/" + name + "/query").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query_embeddings", List.of(vector(1)), "where",
                        Map.of("$and", List.of(Map.of("a", 1), Map.of("age", Map.of("$gt", "old"))))))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("where.$and[1].age.$gt")
                .jsonPath("$.errors[0].rule").isEqualTo("type");
        client.post().uri("/v1/collections/" + name + "/get").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("where_document", Map.of("$regex", "\\p{L}+")))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].rule").isEqualTo("regex");
        client.post().uri("/v1/collections/" + name + "/get").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"where\": " + "{\"$or\": [".repeat(30) + "{\"a\": 1}" + "]}".repeat(30) + "}")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].rule").isEqualTo("max_depth");
        client.post().uri("/v1/collections/" + name + "/get").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("where", Map.of("x'; DROP TABLE collections; --", "y")))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.ids").isEmpty();
        List<String> ids = IntStream.range(0, 1001).mapToObj(i -> "r" + i).toList();
        client.post().uri("/v1/collections/" + name + "/upsert").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ids", ids, "documents", ids)).exchange().expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("ids");
        client.post().uri("/v1/collections/" + name + "/add").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ids", List.of("a"), "documents", List.of("a", "b")))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("documents");
        client.get().uri("/v1/collections").exchange().expectStatus().isOk();
    }

    @Test
    void ndjsonUpsertAnswersPerLineAndTheCollectionStreamsBack() {
        String name = name();
        create(name, "ip");
        String body = IntStream.range(0, 1200).mapToObj(i -> i == 5 ? "{\"id\": \"bad\", \"embedding\": [1]}"
                : JSON.writeValueAsString(Map.of("id", String.format("n%05d", i), "document", "doc " + i,
                        "metadata", Map.of("i", i), "embedding", vector(i)))).collect(Collectors.joining("\n")) + "\n";
        String out = client.post().uri("/v1/collections/" + name + "/upsert")
                .contentType(MediaType.parseMediaType("application/x-ndjson")).accept(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(body).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        List<JsonNode> lines = out.lines().map(JSON::readTree).toList();
        assertThat(lines).hasSize(1200);
        assertThat(lines.stream().filter(l -> l.get("status").stringValue().equals("ok")).count()).isEqualTo(1199);
        assertThat(lines.get(5).get("line").intValue()).isEqualTo(6);
        assertThat(lines.get(5).get("error").get("field").stringValue()).isEqualTo("embedding");
        client.get().uri("/v1/collections/" + name + "/count").exchange().expectBody(Long.class).isEqualTo(1199L);

        String streamed = client.get().uri("/v1/collections/" + name + "/records?include=metadatas")
                .accept(MediaType.parseMediaType("application/x-ndjson")).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        List<JsonNode> records = streamed.lines().map(JSON::readTree).toList();
        assertThat(records).hasSize(1199);
        assertThat(records.get(0).get("id").stringValue()).isEqualTo("n00000");
        assertThat(records.get(0).has("document")).isFalse();
        assertThat(records.get(1199 - 1).get("metadata").get("i").intValue()).isEqualTo(1199);
    }
}
