package dev.mnemo.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.api.ApiTestSupport;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Bulk ingest and export: nothing lost, nothing duplicated on retry, constant memory when streaming out. */
class EventStreamsApiTest extends ApiTestSupport {

    static final JsonMapper json = JsonMapper.shared();

    @Value("${local.server.port}")
    int port;

    static String vector(Random r) {
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < 384; d++) {
            sb.append(d == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "%.4f", r.nextFloat() - 0.5f));
        }
        return sb.append(']').toString();
    }

    List<String> ndjson(String tag, int count, int firstLine) {
        Random r = new Random(firstLine);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.nameUUIDFromBytes((tag + i).getBytes());
            lines.add("{\"id\":\"" + id + "\",\"content\":{\"n\":" + i + "},\"metadata\":{\"tag\":\"" + tag
                    + "\"},\"embedding\":" + vector(r) + "}\n");
        }
        return lines;
    }

    List<JsonNode> post(List<String> lines) {
        return client.post().uri("/v1/events/batch").contentType(MediaType.APPLICATION_NDJSON)
                .body(Flux.fromIterable(lines), String.class)
                .accept(MediaType.APPLICATION_NDJSON).exchange().expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody().collectList().block();
    }

    long count(String tag) {
        return client.get().uri(u -> u.path("/v1/search/metadata").queryParam("metadata_filter", "{f}")
                        .queryParam("limit", 1).build("{\"tag\":\"" + tag + "\"}"))
                .exchange().expectStatus().isOk().returnResult(JsonNode.class).getResponseBody()
                .blockFirst().get("total").asLong();
    }

    @Test
    void ndjsonIngestOf10000EventsLosesNothingAndRetriesDuplicateNothing() {
        String tag = UUID.randomUUID().toString();
        List<String> lines = ndjson(tag, 10_000, 1);
        List<JsonNode> results = post(lines);
        assertThat(results).hasSize(10_000);
        assertThat(results).allMatch(r -> r.get("status").asString().equals("created"));
        assertThat(results.get(9_999).get("line").asLong()).isEqualTo(10_000);
        assertThat(count(tag)).isEqualTo(10_000);

        // The client did not see the answer and sends the same lines again: all reported as existing.
        List<JsonNode> retry = post(lines.subList(0, 2_000));
        assertThat(retry).hasSize(2_000).allMatch(r -> r.get("status").asString().equals("exists"));
        assertThat(count(tag)).isEqualTo(10_000);
    }

    @Test
    void aBadLineIsReportedAloneAndTheOthersAreStored() {
        String tag = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>(ndjson(tag, 5, 7));
        lines.add(2, "{not json}\n");
        lines.add(4, "{\"content\":{\"n\":1},\"embedding\":[1,2,3]}\n");
        List<JsonNode> results = post(lines);
        assertThat(results).extracting(r -> r.get("status").asString())
                .containsExactly("created", "created", "error", "created", "error", "created", "created");
        assertThat(results.get(4).get("field").asString()).isEqualTo("embedding");
        assertThat(results.get(2).get("line").asLong()).isEqualTo(3);
        assertThat(count(tag)).isEqualTo(5);
    }

    @Test
    void jsonBatchIsAllOrNothing() {
        String tag = UUID.randomUUID().toString();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(Map.of("content", Map.of("text", "batch event number " + i), "metadata", Map.of("tag", tag)));
        }
        events.add(Map.of("content", "not an object", "metadata", Map.of("tag", tag)));
        client.post().uri("/v1/events/batch").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("events", events))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("events[5].content");
        assertThat(count(tag)).isZero();

        client.post().uri("/v1/events/batch").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(events.subList(0, 5)).exchange().expectStatus().isCreated().expectBody()
                .jsonPath("$.created").isEqualTo(5)
                .jsonPath("$.results.length()").isEqualTo(5);
        assertThat(count(tag)).isEqualTo(5);
        // Auto-generated embeddings, in one batched call per domain.
        client.get().uri(u -> u.path("/v1/search/").queryParam("vector_query", "batch event number 3")
                .queryParam("filter_metadata", "{f}").queryParam("limit", 1).build("{\"tag\":\"" + tag + "\"}"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.data[0].content.text").isEqualTo("batch event number 3");
    }

    @Test
    void oversizeBatchIs413() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            events.add(Map.of("content", Map.of("n", i)));
        }
        client.post().uri("/v1/events/batch").contentType(MediaType.APPLICATION_JSON).bodyValue(events)
                .exchange().expectStatus().isEqualTo(413).expectBody().jsonPath("$.errors[0].field").isEqualTo("events");
    }

    @Test
    void exportStreams10000EventsWithBoundedHeap() {
        String tag = UUID.randomUUID().toString();
        String padding = "x".repeat(8_000);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            lines.add("{\"content\":{\"n\":" + i + ",\"pad\":\"" + padding + "\"},\"metadata\":{\"tag\":\"" + tag + "\"}}\n");
        }
        assertThat(post(lines)).hasSize(10_000);
        // ~80 MB of content in all: reading it into memory at once would show; paging keeps the heap flat.
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong();
        AtomicLong seen = new AtomicLong();
        // A plain WebClient: WebTestClient records whole bodies for its diagnostics, which would be measured too.
        WebClient.create("http://localhost:" + port)
                .get().uri(u -> u.path("/v1/events/export").queryParam("filter_metadata", "{f}").build("{\"tag\":\"" + tag + "\"}"))
                .accept(MediaType.APPLICATION_NDJSON).retrieve().bodyToFlux(JsonNode.class)
                .doOnNext(e -> {
                    if (seen.incrementAndGet() % 2_000 == 0) {
                        System.gc();
                        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed() - before, Math::max);
                    }
                })
                .blockLast();
        assertThat(seen.get()).isEqualTo(10_000);
        assertThat(peak.get()).as("heap growth while exporting").isLessThan(40L << 20);
    }
}
