package dev.mnemo.api;

import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The real service on a random port: real PostgreSQL + pgvector (one database for all API test classes, so the
 * Spring context and the loaded models are shared) and the real bundled models. Tests therefore never assume an
 * empty table: they tag what they write and filter by the tag.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
public abstract class ApiTestSupport {

    private static DatabaseUrl database;

    @Autowired
    protected WebTestClient client;

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
