package dev.mnemo.api;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import java.time.Duration;

/**
 * The database does not answer (nothing listens on its port): every route that needs it answers 503 problem+json
 * with Retry-After, after its retries, on events and graph alike; nothing hangs and nothing is a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "mnemo.db.url=postgresql://postgres@127.0.0.1:9/nothing",
        "mnemo.db.check-on-start=false",
        "mnemo.db.migrate-on-start=false",
        "mnemo.db.acquire-timeout=2s"})
class DatabaseDownApiTest {

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    private void unavailable(WebTestClient.ResponseSpec response) {
        response.expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.detail").value(d -> org.assertj.core.api.Assertions.assertThat((String) d)
                        .startsWith("The database is unavailable").doesNotContain("127.0.0.1").doesNotContain("Exception"));
    }

    @Test
    void eventAndGraphRoutesAnswer503WithRetryAfter() {
        WebTestClient client = client();
        unavailable(client.post().uri("/v1/events").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"content\":{\"text\":\"x\"},\"embedding\":[1" + ",0".repeat(383) + "]}").exchange());
        unavailable(client.get().uri("/v1/nodes").exchange());
        unavailable(client.post().uri("/v1/nodes").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"node_type\":\"x\"}").exchange());
        unavailable(client.get().uri("/v1/graph/traverse?start=" + java.util.UUID.randomUUID()).exchange());
        unavailable(client.get().uri("/v1/collections").exchange());
    }
}
