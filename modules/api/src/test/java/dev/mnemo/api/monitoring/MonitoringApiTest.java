package dev.mnemo.api.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.api.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class MonitoringApiTest extends ApiTestSupport {

    @Test
    void embeddingsEndpointHasTheSeedsShapeAndCountsCacheHits() {
        for (int i = 0; i < 2; i++) {
            client.post().uri("/v1/embeddings").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("text", "monitoring cache probe")).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.embedding.length()").isEqualTo(384);
        }
        JsonNode m = client.get().uri("/v1/monitoring/embeddings").exchange().expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody().blockFirst();
        assertThat(m.at("/models/text/name").asString()).isEqualTo("all-minilm-l6-v2");
        assertThat(m.at("/models/text/loaded").asBoolean()).isTrue();
        assertThat(m.at("/models/code/name").asString()).isEqualTo("bge-small-en-v15");
        assertThat(m.at("/ram/process_rss_mb").asLong()).isPositive();
        assertThat(m.at("/ram/estimated_models_mb").asLong()).isPositive();
        assertThat(m.at("/ram/budget_exceeded").asBoolean()).isFalse();
        assertThat(m.at("/ram/budget_mb").asLong()).isEqualTo(1024);
        assertThat(m.at("/cache/hits").asLong()).isPositive();
    }

    @Test
    void embeddingsApiAnswersPerDomainAndRejectsBadInput() {
        client.post().uri("/v1/embeddings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("texts", java.util.List.of("a", "b"), "domain", "HYBRID")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.data.length()").isEqualTo(2)
                .jsonPath("$.data[0].text.length()").isEqualTo(384)
                .jsonPath("$.data[0].code.length()").isEqualTo(384)
                .jsonPath("$.models.code").isEqualTo("bge-small-en-v15");
        client.post().uri("/v1/embeddings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", " ")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("text");
        client.post().uri("/v1/embeddings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", "x", "texts", java.util.List.of("y"))).exchange().expectStatus().isBadRequest();
    }
}
