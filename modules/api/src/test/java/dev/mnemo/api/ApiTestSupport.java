package dev.mnemo.api;

import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

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

    /** One pooled client, as real clients use the service: kept-alive connections are reused across requests. */
    @BeforeEach
    void connect() {
        client = WebTestClient.bindToServer()
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
        // Costly regex filters give up after 1 s, so tests of them take seconds, not minutes.
        registry.add("mnemo.search.document-filter-timeout", () -> "1s");
    }

    protected static synchronized DatabaseUrl database() {
        if (database == null) {
            // Without the vector extension, as a user's own new database is: the service creates it by migration
            // and every pooled connection must know the vector type from the first request on.
            database = TestDatabases.empty("api");
        }
        return database;
    }
}
