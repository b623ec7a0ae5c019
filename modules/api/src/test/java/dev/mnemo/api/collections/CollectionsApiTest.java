package dev.mnemo.api.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.api.ApiTestSupport;
import dev.mnemo.core.search.lexical.TextAnalysis;
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

    /** The query's JSON answer. */
    private JsonNode query(String name, Map<String, Object> body) {
        return JSON.readTree(client.post().uri("/v1/collections/" + name + "/query").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private List<String> lexicalIds(String name, String text) {
        JsonNode ids = query(name, Map.of("query_texts", List.of(text), "mode", "lexical")).get("ids").get(0);
        List<String> out = new ArrayList<>();
        ids.forEach(id -> out.add(id.asString()));
        return out;
    }

    /** Rows of the collection's lexical index (documents, postings), read as the superuser. */
    private long lexicalRows(long collectionId, String table) throws Exception {
        try (var c = dev.mnemo.store.testing.TestDatabases.connect(database()); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM " + table + " WHERE index_id = 'collection_records_"
                     + collectionId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void lexicalAndHybridQueriesRankWordsAndEveryWriteKeepsTheIndexExact() throws Exception {
        String name = name();
        create(name, "cosine");
        List<String> documents = List.of("Payment failed with error code ZX4471 at the gateway",
                "Payment failed with error code QR9902 at the gateway", "The cat sits on the mat",
                "Cats and dogs sleep all day");
        client.post().uri("/v1/collections/" + name + "/add").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ids", List.of("a", "b", "c", "d"), "documents", documents,
                        "metadatas", List.of(Map.of("kind", "error"), Map.of("kind", "error"), Map.of("kind", "pet"),
                                Map.of("kind", "pet"))))
                .exchange().expectStatus().isCreated();
        long id = JSON.readTree(client.get().uri("/v1/collections/" + name).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).get("id").asLong();

        // Lexical: only the record holding the code, scored by BM25 (Lucene's formula, the documents' own lengths).
        JsonNode lexical = query(name, Map.of("query_texts", List.of("zx4471"), "mode", "lexical"));
        assertThat(lexical.get("ids").get(0).size()).isEqualTo(1);
        assertThat(lexical.get("ids").get(0).get(0).asString()).isEqualTo("a");
        assertThat(lexical.get("distances").isNull()).as("a lexical query has scores, not distances").isTrue();
        double[] lengths = documents.stream().mapToDouble(d -> TextAnalysis.PROSE.terms(d).length()).toArray();
        double avgdl = java.util.Arrays.stream(lengths).average().orElseThrow();
        double idf = Math.log(1 + (4 - 1 + 0.5) / (1 + 0.5));
        double bm25 = idf * 1 / (1 + 1.2 * (1 - 0.75 + 0.75 * lengths[0] / avgdl));
        assertThat(lexical.get("scores").get(0).get(0).asDouble()).isCloseTo(bm25, org.assertj.core.data.Offset.offset(1e-9));
        // Stemmed like the documents: "cats" finds both cats; a filter applies before the cut.
        assertThat(lexicalIds(name, "cats")).containsExactlyInAnyOrder("c", "d");
        assertThat(query(name, Map.of("query_texts", List.of("payment"), "mode", "lexical",
                "where", Map.of("kind", "pet"))).get("ids").get(0).size()).isZero();

        // Hybrid: the exact match first; explain gives each leg's rank and score (the vector leg's is its distance).
        JsonNode hybrid = query(name, Map.of("query_texts", List.of("error ZX4471"), "mode", "hybrid", "n_results", 3,
                "explain", true));
        assertThat(hybrid.get("ids").get(0).get(0).asString()).isEqualTo("a");
        assertThat(hybrid.get("ids").get(0).size()).isEqualTo(3);
        JsonNode why = hybrid.get("explanations").get(0).get(0);
        assertThat(why.get("lexical").get("rank").asInt()).isEqualTo(1);
        assertThat(why.get("vector").get("rank").asInt()).isPositive();
        assertThat(why.get("score").asDouble()).isEqualTo(hybrid.get("scores").get(0).get(0).asDouble());
        JsonNode vector = query(name, Map.of("query_texts", List.of("a kitten on a rug"), "n_results", 2, "explain", true));
        assertThat(vector.get("explanations").get(0).get(0).get("vector").get("score").asDouble())
                .isEqualTo(vector.get("distances").get(0).get(0).asDouble());
        assertThat(vector.has("scores")).as("a vector query keeps Chroma's answer").isFalse();

        // Each write keeps the index exact, in the statement that writes: update, upsert, delete.
        client.post().uri("/v1/collections/" + name + "/update").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ids", List.of("a"), "documents", List.of("Payment succeeded after a retry")))
                .exchange().expectStatus().isOk();
        assertThat(lexicalIds(name, "zx4471")).isEmpty();
        assertThat(lexicalIds(name, "retry")).containsExactly("a");
        client.post().uri("/v1/collections/" + name + "/upsert").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ids", List.of("b"), "documents", List.of("Refund issued for order 77")))
                .exchange().expectStatus().isOk();
        assertThat(lexicalIds(name, "qr9902")).isEmpty();
        assertThat(lexicalIds(name, "refund")).containsExactly("b");
        client.post().uri("/v1/collections/" + name + "/delete").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ids", List.of("c"))).exchange().expectStatus().isOk();
        assertThat(lexicalIds(name, "mat")).isEmpty();
        assertThat(lexicalRows(id, "lexical_docs")).isEqualTo(3);
        long postings = java.util.stream.Stream.of("Payment succeeded after a retry", "Refund issued for order 77",
                "Cats and dogs sleep all day").mapToLong(d -> TextAnalysis.PROSE.terms(d).frequencies().size()).sum();
        assertThat(lexicalRows(id, "lexical_postings")).isEqualTo(postings);

        // Bad input names the field.
        client.post().uri("/v1/collections/" + name + "/query").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query_embeddings", List.of(vector(1)), "mode", "lexical")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("query_texts");
        client.post().uri("/v1/collections/" + name + "/query").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query_texts", List.of("x"), "mode", "fuzzy")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("mode");

        // A dropped collection takes its lexical index with it.
        client.delete().uri("/v1/collections/" + name).exchange().expectStatus().isNoContent();
        assertThat(lexicalRows(id, "lexical_docs") + lexicalRows(id, "lexical_postings")).isZero();
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
