package dev.mnemo.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.api.web.OneConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * One test per finding of the hardening review (issue 11): each sends what a careless client or an attacker sent
 * and checks the answer is a 4xx problem naming the field, with nothing stored. The fuzz suite (ApiFuzzTest) covers
 * the same rules over every operation; these pin the exact answers.
 */
class HardeningApiTest extends ApiTestSupport {

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    io.r2dbc.pool.ConnectionPool pool;

    private static String vector(float first, float rest) {
        return IntStream.range(0, 384).mapToObj(i -> Float.toString(i == 0 ? first : rest))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private WebTestClient.ResponseSpec post(String uri, String json) {
        return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private void badRequest(WebTestClient.ResponseSpec response, String field) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }

    private long eventsTagged(String tag) {
        return client.get().uri(u -> u.path("/v1/search/metadata").queryParam("metadata_filter", "{f}")
                        .queryParam("limit", 1).build("{\"tag\":\"" + tag + "\"}"))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("total").asLong();
    }

    private void collection(String name, String distance) {
        post("/v1/collections", "{\"name\":\"" + name + "\",\"distance\":\"" + distance + "\"}").expectStatus().isCreated();
    }

    // 2. NUL characters: 400 naming the field, never a false outage (503) or a bare 500.
    @Test
    void nulCharactersAreRefusedNamingTheField() throws Exception {
        String tag = UUID.randomUUID().toString();
        badRequest(post("/v1/events", "{\"content\":{\"text\":\"a\\u0000b\"},\"metadata\":{\"tag\":\"" + tag + "\"}}"),
                "content.text");
        badRequest(post("/v1/events", "{\"content\":{\"text\":\"ok\"},\"metadata\":{\"tag\":\"" + tag + "\",\"k\\u0000\":1}}"),
                "metadata.k\u0000");
        badRequest(post("/v1/nodes", "{\"node_type\":\"a\\u0000\"}"), "node_type");
        badRequest(post("/v1/search/", "{\"metadata\":{\"k\":\"\\u0000\"}}"), "metadata.k");
        try (OneConnection raw = new OneConnection(port, 10_000)) { // the client would encode the '%' of %00
            OneConnection.Response traverse = raw.get("/v1/graph/traverse?start=" + UUID.randomUUID() + "&relation=%00");
            assertThat(traverse.status()).isEqualTo(400);
            assertThat(traverse.body()).contains("\"field\":\"relation\"");
        }
        String id = post("/v1/events", "{\"content\":{\"text\":\"patch me\"}}").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        badRequest(client.patch().uri("/v1/events/" + id + "/metadata").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"note\":\"x\\u0000\"}").exchange(), "note");
        assertThat(eventsTagged(tag)).isZero();
    }

    // 3. Timestamps PostgreSQL would turn into -infinity, or refuse: 400 with the supported range.
    @Test
    void timestampsOutsideTheSupportedRangeAreRefused() {
        post("/v1/events", "{\"content\":{\"text\":\"old\"},\"timestamp\":\"-290000-01-01T00:00:00Z\"}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("timestamp")
                .jsonPath("$.errors[0].rule").isEqualTo("between 0001-01-01 and 9999-12-31");
        badRequest(post("/v1/events", "{\"content\":{\"text\":\"late\"},\"timestamp\":\"+300000-01-01T00:00:00Z\"}"), "timestamp");
        badRequest(client.get().uri("/v1/search/?ts_start=-290000-01-01T00:00:00Z").exchange(), "ts_start");
        post("/v1/events", "{\"content\":{\"text\":\"edge\"},\"timestamp\":\"0001-01-01T00:00:00Z\"}").expectStatus().isCreated()
                .expectBody().jsonPath("$.timestamp").isEqualTo("0001-01-01T00:00:00Z");
    }

    // 4. Numbers beyond float/double: 400, not 500.
    @Test
    void overflowingNumbersAreRefused() {
        String overflowing = "[1e39" + ",0".repeat(383) + "]";
        badRequest(client.get().uri(u -> u.path("/v1/search/").queryParam("vector_query", "{v}").build(overflowing))
                .exchange(), "vector_query");
        String name = "overflow-" + UUID.randomUUID().toString().substring(0, 8);
        collection(name, "cosine");
        badRequest(post("/v1/collections/" + name + "/get", "{\"where\":{\"k\":{\"$gt\":1e400}}}"), "where.k.$gt");
    }

    // 5. One bad NDJSON line fails alone: the 599 others are stored.
    @Test
    void oneBadNdjsonLineFailsAloneInEventsAndCollections() {
        String tag = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 600; i++) {
            String text = i == 11 ? "bad \\u0000 line" : "line " + i;
            lines.add("{\"content\":{\"text\":\"" + text + "\"},\"metadata\":{\"tag\":\"" + tag + "\"},\"embedding\":"
                    + vector(1, i / 1000f) + "}\n");
        }
        List<JsonNode> results = client.post().uri("/v1/events/batch").contentType(MediaType.APPLICATION_NDJSON)
                .body(Flux.fromIterable(lines), String.class).accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isOk().returnResult(JsonNode.class).getResponseBody().collectList().block();
        assertThat(results).hasSize(600);
        assertThat(results.get(10).get("status").asString()).isEqualTo("error");
        assertThat(results.get(10).get("field").asString()).isEqualTo("content.text");
        assertThat(results).filteredOn(r -> r.get("status").asString().equals("created")).hasSize(599);
        assertThat(eventsTagged(tag)).isEqualTo(599);

        String name = "ndjson-" + UUID.randomUUID().toString().substring(0, 8);
        collection(name, "cosine");
        List<String> records = new ArrayList<>();
        for (int i = 1; i <= 600; i++) {
            records.add("{\"id\":\"r" + i + "\",\"document\":\"" + (i == 11 ? "bad \\u0000" : "doc " + i)
                    + "\",\"embedding\":" + vector(1, i / 1000f) + "}\n");
        }
        List<JsonNode> upserted = client.post().uri("/v1/collections/" + name + "/upsert")
                .contentType(MediaType.APPLICATION_NDJSON).body(Flux.fromIterable(records), String.class)
                .accept(MediaType.APPLICATION_NDJSON).exchange().expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody().collectList().block();
        assertThat(upserted).hasSize(600);
        assertThat(upserted.get(10).get("status").asString()).isEqualTo("error");
        assertThat(upserted).filteredOn(r -> r.get("status").asString().equals("ok")).hasSize(599);
        client.get().uri("/v1/collections/" + name + "/count").exchange().expectStatus().isOk()
                .expectBody(Long.class).isEqualTo(599L);
    }

    // 6. Zero vectors: cosine of a zero vector is undefined. Refused for events and cosine collections; an l2
    //    collection stores one (its distance is defined).
    @Test
    void zeroVectorsAreRefusedWhereCosineCompares() {
        String zeros = vector(0, 0);
        badRequest(post("/v1/events", "{\"content\":{\"text\":\"zero\"},\"embedding\":" + zeros + "}"), "embedding");
        badRequest(post("/v1/search/", "{\"vector\":" + zeros + "}"), "vector_query");
        String cosine = "zero-cos-" + UUID.randomUUID().toString().substring(0, 8);
        collection(cosine, "cosine");
        badRequest(post("/v1/collections/" + cosine + "/add", "{\"ids\":[\"z\"],\"embeddings\":[" + zeros + "]}"),
                "embeddings[0]");
        badRequest(post("/v1/collections/" + cosine + "/query", "{\"query_embeddings\":[" + zeros + "]}"),
                "query_embeddings[0]");
        String l2 = "zero-l2-" + UUID.randomUUID().toString().substring(0, 8);
        collection(l2, "l2");
        post("/v1/collections/" + l2 + "/add", "{\"ids\":[\"z\"],\"embeddings\":[" + zeros + "]}").expectStatus().isCreated();
        post("/v1/collections/" + l2 + "/query", "{\"query_embeddings\":[" + vector(1, 0) + "],\"include\":[\"distances\"]}")
                .expectStatus().isOk().expectBody().jsonPath("$.ids[0][0]").isEqualTo("z")
                .jsonPath("$.distances[0][0]").isEqualTo(1.0);
    }

    // 7. Unpaired surrogates were stored as '?': refused, so every id can be found by itself.
    @Test
    void loneSurrogatesAreRefused() {
        String name = "surrogate-" + UUID.randomUUID().toString().substring(0, 8);
        collection(name, "cosine");
        badRequest(post("/v1/collections/" + name + "/add", "{\"ids\":[\"a\\ud800\"],\"documents\":[\"x\"]}"), "ids[0]");
        badRequest(post("/v1/events", "{\"content\":{\"text\":\"a\\udc00b\"}}"), "content.text");
        // A real pair (an emoji) is text like any other.
        post("/v1/collections/" + name + "/add", "{\"ids\":[\"a\\ud83d\\ude00\"],\"embeddings\":[" + vector(1, 0) + "]}")
                .expectStatus().isCreated();
        post("/v1/collections/" + name + "/get", "{\"ids\":[\"a\uD83D\uDE00\"]}").expectStatus().isOk()
                .expectBody().jsonPath("$.ids[0]").isEqualTo("a\uD83D\uDE00");
    }

    // 8. Strict types and ranges.
    @Test
    void valuesOfTheWrongTypeAreNotCoerced() {
        badRequest(post("/v1/search/similarity", "{\"query\":5}"), "query");
        badRequest(post("/v1/nodes", "{\"node_type\":1}"), "node_type");
        badRequest(post("/v1/collections", "{\"name\":5}"), "name");
        badRequest(post("/v1/search/", "{\"limit\":2.5}"), "limit");
        String name = "strict-" + UUID.randomUUID().toString().substring(0, 8);
        collection(name, "cosine");
        badRequest(post("/v1/collections/" + name + "/get", "{\"ids\":[1,2]}"), "ids[0]");
        badRequest(post("/v1/collections/" + name + "/query", "{\"query_texts\":[\"x\"],\"n_results\":1.5}"), "n_results");
        badRequest(client.get().uri("/v1/collections?offset=-1").exchange(), "offset");
        post("/v1/search/similarity", "{\"query\":5}").expectBody(String.class)
                .value(body -> assertThat(body).doesNotContain("java.").doesNotContain("`"));
    }

    // 9. A body over the limit: 413 problem, and the connection goes on serving.
    @Test
    void anOversizedBodyIsRefusedAndTheConnectionKeepsWorking() throws Exception {
        byte[] big = ("[" + ("{\"content\":{\"text\":\"" + "x".repeat(1000) + "\"}},").repeat(11_000) + "{}]")
                .getBytes(StandardCharsets.UTF_8);
        try (OneConnection connection = new OneConnection(port, 30_000)) {
            for (int i = 0; i < 2; i++) {
                OneConnection.Response tooLarge = connection.send("POST", "/v1/events/batch", "application/json", big);
                assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
                assertThat(tooLarge.body()).contains("max-body-bytes");
                assertThat(connection.get("/actuator/health/liveness").status()).isEqualTo(200);
            }
        }
    }

    // 10. Costly regex filters (this one runs into its statement timeout, 1 s in tests) run a few at a time: plain
    //     reads keep finding a connection. Without the gate, 40 of them held all 16 connections (here for 1 s each,
    //     in production 5 s) and plain reads timed out waiting for one (503).
    @Test
    void pathologicalRegexFiltersDoNotStarvePlainSearches() {
        String name = "regex-" + UUID.randomUUID().toString().substring(0, 8);
        collection(name, "cosine");
        StringBuilder add = new StringBuilder("{\"ids\":[");
        StringBuilder docs = new StringBuilder("],\"documents\":[");
        StringBuilder vectors = new StringBuilder("],\"embeddings\":[");
        for (int i = 0; i < 20; i++) {
            add.append(i == 0 ? "" : ",").append("\"d").append(i).append('"');
            docs.append(i == 0 ? "" : ",").append('"').append("ab ".repeat(300)).append('"');
            vectors.append(i == 0 ? "" : ",").append(vector(1, i / 1000f));
        }
        post("/v1/collections/" + name + "/add", add.append(docs).append(vectors).append("]}").toString())
                .expectStatus().isCreated();
        ConcurrentLinkedQueue<Integer> regexStatuses = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> plainStatuses = new ConcurrentLinkedQueue<>();
        // Non-blocking clients: all 40 costly filters really are in flight at once.
        WebClient web = WebClient.create("http://localhost:" + port);
        Flux<Integer> regexes = Flux.range(0, 40).flatMap(i -> web.post().uri("/v1/collections/" + name + "/get")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"where_document\":{\"$regex\":\"((\\\\w{1,40}){1,40}){1,10}z" + i
                        + "\"},\"limit\":1}")
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                .doOnNext(regexStatuses::add), 40);
        Flux<Integer> plain = Flux.range(0, 20).delaySubscription(Duration.ofMillis(300))
                .concatMap(i -> web.post().uri("/v1/collections/" + name + "/query").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"query_embeddings\":[" + vector(1, 0) + "],\"n_results\":3}")
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                        .doOnNext(plainStatuses::add));
        java.util.concurrent.atomic.AtomicInteger mostAcquired = new java.util.concurrent.atomic.AtomicInteger();
        reactor.core.Disposable sampling = Flux.interval(Duration.ofMillis(10))
                .doOnNext(t -> pool.getMetrics().ifPresent(m -> mostAcquired.accumulateAndGet(m.acquiredSize(), Math::max)))
                .subscribe();
        try {
            Flux.merge(regexes, plain).blockLast(Duration.ofMinutes(2));
        } finally {
            sampling.dispose();
        }
        // A quarter of the 16 connections for costly filters; the rest stay free for plain reads (and the indexer).
        assertThat(mostAcquired.get()).as("connections held at once").isBetween(1, 16 / 4 + 4);
        assertThat(plainStatuses).hasSize(20).containsOnly(200);
        // Each costly filter ends as a result, a timeout (400) or "busy, retry" (429): never a 5xx.
        assertThat(regexStatuses).hasSize(40).allMatch(s -> s == 200 || s == 400 || s == 429);
    }

    // 16. Search answers without the vectors when the caller leaves them out; MnemoLite's default keeps them.
    @Test
    void searchAnswersCanLeaveTheVectorsOut() {
        String tag = UUID.randomUUID().toString();
        post("/v1/events", "{\"content\":{\"text\":\"vectors or not\"},\"metadata\":{\"tag\":\"" + tag
                + "\"},\"domain\":\"HYBRID\"}").expectStatus().isCreated();
        String filter = "{\"tag\":\"" + tag + "\"}";
        client.get().uri(u -> u.path("/v1/search/").queryParam("vector_query", "vectors").queryParam("domain", "HYBRID")
                        .queryParam("filter_metadata", "{f}").build(filter))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data[0].embedding.length()").isEqualTo(384)
                .jsonPath("$.data[0].embedding_code.length()").isEqualTo(384);
        client.get().uri(u -> u.path("/v1/search/").queryParam("vector_query", "vectors").queryParam("domain", "HYBRID")
                        .queryParam("filter_metadata", "{f}").queryParam("include_embeddings", false).build(filter))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data[0].content.text").isEqualTo("vectors or not")
                .jsonPath("$.data[0].similarity_score").isNumber()
                .jsonPath("$.data[0].embedding").hasJsonPath() // MnemoLite's field stays, as null
                .jsonPath("$.data[0].embedding").doesNotExist()
                .jsonPath("$.data[0].embedding_code").doesNotHaveJsonPath();
        post("/v1/search/", "{\"query\":\"vectors\",\"metadata\":" + filter + ",\"include_embeddings\":false}")
                .expectStatus().isOk().expectBody()
                .jsonPath("$.events[0].content.text").isEqualTo("vectors or not")
                .jsonPath("$.events[0].embedding").doesNotExist();
        badRequest(client.get().uri("/v1/search/?include_embeddings=maybe").exchange(), "include_embeddings");
    }

    // 15. A text longer than a model's maxTokens is embedded from its start: the answer says so, per model.
    @Test
    void answersSayWhenOnlyTheStartOfATextWasEmbedded() {
        String longText = "the cat sat on a mat and ".repeat(60); // ~420 tokens: over MiniLM's 256, under bge's 512
        post("/v1/events", "{\"content\":{\"text\":\"" + longText + "\"},\"domain\":\"HYBRID\"}")
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.embedding_truncated_to.text").isEqualTo(256)
                .jsonPath("$.embedding_truncated_to.code").doesNotExist();
        post("/v1/events", "{\"content\":{\"text\":\"short\"}}").expectStatus().isCreated().expectBody()
                .jsonPath("$.embedding_truncated_to").doesNotHaveJsonPath();
        post("/v1/events/batch", "[{\"content\":{\"text\":\"short\"}},{\"content\":{\"text\":\"" + longText + "\"}}]")
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.results[0].embedding_truncated_to").doesNotHaveJsonPath()
                .jsonPath("$.results[1].embedding_truncated_to.text").isEqualTo(256);
        String name = "long-" + UUID.randomUUID().toString().substring(0, 8);
        collection(name, "cosine");
        post("/v1/collections/" + name + "/add", "{\"ids\":[\"s\",\"l\"],\"documents\":[\"short\",\"" + longText + "\"]}")
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.added").isEqualTo(2)
                .jsonPath("$.embedding_truncated").isEqualTo(List.of("l"));
        post("/v1/embeddings", "{\"texts\":[\"short\",\"" + longText + "\"]}").expectStatus().isOk().expectBody()
                .jsonPath("$.truncated.length()").isEqualTo(1)
                .jsonPath("$.truncated[0].index").isEqualTo(1)
                .jsonPath("$.truncated[0].to.text").isEqualTo(256);
    }

    // Found in review: a delete with a document filter ran in a transaction that was cancelled (rolled back) as soon
    // as its count arrived, so it answered {"deleted": 1} and deleted nothing.
    @Test
    void aDeleteByDocumentFilterDeletes() {
        String name = "del-" + UUID.randomUUID().toString().substring(0, 8);
        collection(name, "cosine");
        post("/v1/collections/" + name + "/add", "{\"ids\":[\"a\",\"b\"],\"documents\":[\"apple pie\",\"banana\"],"
                + "\"embeddings\":[" + vector(1, 0) + "," + vector(0, 1) + "]}").expectStatus().isCreated();
        post("/v1/collections/" + name + "/delete", "{\"where_document\":{\"$contains\":\"apple\"}}")
                .expectStatus().isOk().expectBody().jsonPath("$.deleted").isEqualTo(1);
        client.get().uri("/v1/collections/" + name + "/count").exchange().expectBody(Long.class).isEqualTo(1L);
        post("/v1/collections/" + name + "/delete", "{\"where_document\":{\"$regex\":\"^ban\"}}")
                .expectStatus().isOk().expectBody().jsonPath("$.deleted").isEqualTo(1);
        client.get().uri("/v1/collections/" + name + "/count").exchange().expectBody(Long.class).isEqualTo(0L);
    }

    // Found in review: a batch item of the wrong type was answered in Jackson's words (Java types, CoercionConfig);
    // "properties": null on a node is stored as {} (as before GraphService), not as JSON null.
    @Test
    void batchItemsOfTheWrongTypeAreNamedAndNullPropertiesAreEmpty() {
        post("/v1/events/batch", "[{\"content\":{\"text\":\"x\"}},{\"content\":{\"text\":\"y\"},\"timestamp\":5}]")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("events[1].timestamp")
                .jsonPath("$.detail").value(d -> assertThat((String) d).doesNotContain("java").doesNotContain("`")
                        .doesNotContain("Coercion"));
        post("/v1/nodes", "{\"node_type\":\"t\",\"properties\":null}").expectStatus().isCreated().expectBody()
                .jsonPath("$.properties").isMap();
    }
}
