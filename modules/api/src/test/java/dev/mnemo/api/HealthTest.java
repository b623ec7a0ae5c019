package dev.mnemo.api;

import org.junit.jupiter.api.Test;

class HealthTest extends ApiTestSupport {

    @Test
    void healthReportsTheDatabaseAndTheSchemaWithoutDetailsForAnonymousCallers() {
        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.database.status").isEqualTo("UP")
                .jsonPath("$.components.schema.status").isEqualTo("UP")
                .jsonPath("$.components.database.details").doesNotExist();
        String raw = client.get().uri("/actuator/health").exchange().expectBody(String.class).returnResult().getResponseBody();
        // Neither the database URL (user, host, port, name) nor the data folder is shown to anyone who reaches the port.
        org.assertj.core.api.Assertions.assertThat(raw).doesNotContain(database().host() + ":")
                .doesNotContain(database().database()).doesNotContain("path").doesNotContain("postgres");
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.schema.status").isEqualTo("UP");
    }

    @Test
    void prometheusExposesMnemosFigures() {
        client.post().uri("/v1/embeddings").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(java.util.Map.of("text", "metrics probe")).exchange().expectStatus().isOk();
        // Latency histograms of every route tested before make this page large.
        String text = client.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(16 << 20)).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        org.assertj.core.api.Assertions.assertThat(text)
                .contains("mnemo_embedding_inferences_total{domain=\"text\"}")
                .contains("mnemo_embedding_cache_hit_rate")
                .contains("mnemo_db_pool_connections{state=\"acquired\"}")
                .contains("http_server_requests_seconds_bucket");
    }

    @Test
    void openApiDocumentListsTheRoutes() {
        client.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/v1/events/{id}']").exists()
                .jsonPath("$.paths['/v1/search/metadata']").exists();
    }
}
