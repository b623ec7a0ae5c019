package dev.mnemo.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests on one kept-alive connection are all answered. With reactor-netty 1.3.6 a request that followed a 4xx
 * answered synchronously (an unknown route, a bad UUID) sometimes got no answer at all (reactor-netty #4188/#4361;
 * 4 of 30 triples here). Fixed by reactor-netty 1.3.8 with Netty 4.2.18 (pom.xml).
 */
class KeepAliveTest extends ApiTestSupport {

    @LocalServerPort
    int port;

    @Test
    void aThousandRequestsAlternatingErrorsAndSuccessesOnOneConnectionAreAllAnswered() throws Exception {
        String[] failing = {"/v1/nothing", "/v1/events/not-a-uuid", "/v1/search/?limit=zero", "/v1/nodes/x"};
        String[] succeeding = {"/actuator/health/liveness", "/v1/monitoring/embeddings", "/v1/nodes?limit=1"};
        int answered = 0;
        try (OneConnection connection = new OneConnection(port, 10_000)) {
            for (int i = 0; i < 1000; i++) {
                boolean bad = i % 2 == 0;
                String path = bad ? failing[(i / 2) % failing.length] : succeeding[(i / 2) % succeeding.length];
                OneConnection.Response r = connection.get(path);
                assertThat(r.status()).as("request %d %s", i, path).isBetween(bad ? 400 : 200, bad ? 499 : 299);
                answered++;
            }
        }
        assertThat(answered).isEqualTo(1000);
    }
}
