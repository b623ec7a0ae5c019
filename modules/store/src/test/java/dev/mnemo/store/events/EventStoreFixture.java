package dev.mnemo.store.events;

import dev.mnemo.settings.MnemoSettings;
import dev.mnemo.store.db.ConnectionFactories;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.migration.Migrator;
import dev.mnemo.store.testing.TestDatabases;
import io.r2dbc.pool.ConnectionPool;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/** A fresh database migrated with 8-d vectors and an {@link EventRepository} on a pool; closing drops it. */
final class EventStoreFixture implements AutoCloseable {

    final DatabaseUrl db;
    final ConnectionPool pool;
    final EventRepository repo;

    EventStoreFixture(String purpose, JsonMapper json) {
        db = TestDatabases.fresh(purpose);
        new Migrator(db, 8).migrate();
        MnemoSettings settings = new Binder(new MapConfigurationPropertySource(Map.of("mnemo.db.url", db.toUrl())))
                .bindOrCreate("mnemo", MnemoSettings.class);
        pool = ConnectionFactories.pool(db, settings);
        repo = new EventRepository(DatabaseClient.create(pool), TransactionalOperator.create(new R2dbcTransactionManager(pool)), json);
    }

    @Override
    public void close() {
        pool.dispose();
        TestDatabases.drop(db);
    }
}
