package dev.mnemo.store.events;

import dev.mnemo.store.db.ConnectionFactories;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.migration.Migrator;
import dev.mnemo.store.testing.TestDatabases;
import io.r2dbc.pool.ConnectionPool;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/** A fresh database migrated with 8-d vectors and an {@link EventRepository} on a pool; closing drops it. */
public final class EventStoreFixture implements AutoCloseable {

    public final DatabaseUrl db;
    public final ConnectionPool pool;
    public final EventRepository repo;

    /** The service's default pool settings (mnemo.db.*, mnemo.search.*). */
    public static final ConnectionFactories.PoolOptions POOL = new ConnectionFactories.PoolOptions(2, 16,
            java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30), 100, true);

    public EventStoreFixture(String purpose, JsonMapper json) {
        db = TestDatabases.fresh(purpose);
        new Migrator(db, 8).migrate();
        pool = ConnectionFactories.pool(db, POOL);
        repo = new EventRepository(DatabaseClient.create(pool), TransactionalOperator.create(new R2dbcTransactionManager(pool)), json);
    }

    @Override
    public void close() {
        pool.dispose();
        TestDatabases.drop(db);
    }
}
