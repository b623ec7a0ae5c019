package dev.mnemo.store.testing;

import dev.mnemo.store.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Real PostgreSQL + pgvector for tests, one fresh database per caller.
 *
 * <p>Where the server comes from, in order: {@code MNEMO_TEST_DB_URL} (what {@code make test} sets: the project-local
 * cluster), then Testcontainers' {@code pgvector/pgvector:pg16} when a Docker daemon answers; otherwise the test is
 * skipped (reported as skipped, never as passed). The explicit URL is checked first because probing a Docker socket
 * that accepts and never answers can hang for minutes.
 */
public final class TestDatabases {

    private static DatabaseUrl server;
    private static PostgreSQLContainer container;

    private TestDatabases() {
    }

    /** The server's maintenance database; skips the calling test when there is none. */
    public static synchronized DatabaseUrl server() {
        if (server != null) {
            return server;
        }
        String url = System.getenv("MNEMO_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            server = DatabaseUrl.parse(url).withDatabase("postgres");
            return server;
        }
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "No database for integration tests: set MNEMO_TEST_DB_URL (make test does) or start Docker");
        container = new PostgreSQLContainer(DockerImageName.parse("pgvector/pgvector:pg16")
                .asCompatibleSubstituteFor("postgres"));
        container.start();
        server = new DatabaseUrl(container.getHost(), container.getMappedPort(5432), "postgres",
                container.getUsername(), container.getPassword(), java.util.Map.of());
        return server;
    }

    /** A new, empty database with the vector extension. */
    public static DatabaseUrl fresh(String purpose) {
        String name = ("t_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        DatabaseUrl admin = server();
        execute(admin, "CREATE DATABASE " + name);
        DatabaseUrl db = admin.withDatabase(name);
        execute(db, "CREATE EXTENSION IF NOT EXISTS vector");
        return db;
    }

    /** A fresh database without the vector extension created (for adoption tests that run their own DDL). */
    public static DatabaseUrl empty(String purpose) {
        String name = ("t_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        execute(server(), "CREATE DATABASE " + name);
        return server().withDatabase(name);
    }

    public static void drop(DatabaseUrl db) {
        execute(server(), "DROP DATABASE IF EXISTS " + db.database() + " WITH (FORCE)");
    }

    public static void execute(DatabaseUrl db, String sql) {
        try (Connection c = connect(db); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + db.redacted() + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    public static Connection connect(DatabaseUrl db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }
}
