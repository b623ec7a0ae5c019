package dev.mnemo.api;

import org.junit.jupiter.api.Test;

class HealthTest extends ApiTestSupport {

    @Test
    void healthReportsTheDatabaseAndTheSchema() {
        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.database.status").isEqualTo("UP")
                .jsonPath("$.components.database.details.pgvector").isNotEmpty()
                .jsonPath("$.components.schema.details.pending").isEqualTo(0);
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.schema.status").isEqualTo("UP");
    }
}
