package dev.mnemo.store.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the R2DBC pool from the same {@link DatabaseUrl} Flyway uses. */
public final class ConnectionFactories {

    private ConnectionFactories() {
    }

    /**
     * What a pool is built with: its sizes and waits, and the session settings of every connection (statement
     * timeout, HNSW ef_search, pgvector's iterative scan of filtered searches).
     */
    public record PoolOptions(int initialSize, int maxSize, Duration acquireTimeout, Duration statementTimeout,
                              int efSearch, boolean iterativeScan) {
    }

    public static ConnectionPool pool(DatabaseUrl url, PoolOptions db) {
        // Session settings travel in the start-up packet, so every pooled connection has them without an extra
        // round trip. hnsw.* are placeholders until pgvector loads, which PostgreSQL accepts for dotted names.
        Map<String, String> options = new LinkedHashMap<>();
        options.put("statement_timeout", Long.toString(db.statementTimeout().toMillis()));
        options.put("hnsw.ef_search", Integer.toString(db.efSearch()));
        if (db.iterativeScan()) {
            // Filtered top-k keeps scanning the graph until k rows pass the filter (pgvector >= 0.8).
            options.put("hnsw.iterative_scan", "relaxed_order");
        }
        options.put("application_name", "mnemo");
        PostgresqlConnectionConfiguration.Builder builder = PostgresqlConnectionConfiguration.builder()
                .host(url.host())
                .port(url.port())
                .database(url.database())
                .username(url.user() == null ? "postgres" : url.user())
                .options(options);
        if (url.password() != null) {
            builder.password(url.password());
        }
        ConnectionPoolConfiguration pool = ConnectionPoolConfiguration.builder(new PostgresqlConnectionFactory(builder.build()))
                .name("mnemo")
                .initialSize(db.initialSize())
                .maxSize(db.maxSize())
                .maxAcquireTime(db.acquireTimeout())
                // LOCAL: is the connection still open, no round trip. A validation query ran on every acquire,
                // one extra round trip per statement (measured: ~20 % of a filtered collection query's cost).
                .validationDepth(ValidationDepth.LOCAL)
                .build();
        return new ConnectionPool(pool);
    }
}
