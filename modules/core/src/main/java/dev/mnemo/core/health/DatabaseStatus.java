package dev.mnemo.core.health;

import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.model.schema.PoolUsage;
import dev.mnemo.store.db.DatabaseProbe;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** The database as health checks and metrics see it: reachable with pgvector, and how busy the pool is. */
public class DatabaseStatus {

    private final DatabaseProbe probe;

    public DatabaseStatus(DatabaseProbe probe) {
        this.probe = probe;
    }

    /** pgvector's version; empty when the extension is missing; an UNAVAILABLE error when the database is down. */
    public Mono<String> pgvectorVersion() {
        return probe.pgvectorVersion().onErrorMap(e -> DatabaseRetry.toService(e, "health check"));
    }

    public Optional<PoolUsage> poolUsage() {
        return probe.poolUsage();
    }
}
