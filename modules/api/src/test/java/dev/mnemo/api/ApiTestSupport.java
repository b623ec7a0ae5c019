package dev.mnemo.api;

import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The real service on a random port: real PostgreSQL + pgvector (one database for all API test classes, so the
 * Spring context and the loaded models are shared) and the real bundled models. Tests therefore never assume an
 * empty table: they tag what they write and filter by the tag.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTestSupport {

    private static DatabaseUrl database;

    @LocalServerPort
    private int port;

    protected WebTestClient client;

    /**
     * A new TCP connection per request. With the auto-configured (pooled) client, twice in about a dozen runs a
     * request got no answer until the 60 s timeout (EventStreamsApiTest's NDJSON POST once, EventsApiTest's first
     * bad-input POST once), never reproduced on demand; fresh connections take connection reuse out of the picture.
     * Clients that open a connection per request (the MnemoLite client check, curl) never saw it.
     */
    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    @BeforeAll
    static void requireDatabase() {
        database();
    }

    @DynamicPropertySource
    static void databaseProperties(DynamicPropertyRegistry registry) {
        registry.add("mnemo.db.url", () -> database().toUrl());
    }

    protected static synchronized DatabaseUrl database() {
        if (database == null) {
            database = TestDatabases.fresh("api");
        }
        return database;
    }
}
