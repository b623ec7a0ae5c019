package dev.mnemo.store.db;

import dev.mnemo.model.schema.PoolUsage;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import java.util.Optional;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** What health checks and metrics ask of the database: is it there with pgvector, and how busy is the pool. */
public class DatabaseProbe {

    private final DatabaseClient db;
    private final ConnectionPool pool;

    public DatabaseProbe(DatabaseClient db, ConnectionPool pool) {
        this.db = db;
        this.pool = pool;
    }

    /** pgvector's installed version; empty when the extension is not installed. */
    public Mono<String> pgvectorVersion() {
        return db.sql("SELECT extversion FROM pg_extension WHERE extname = 'vector'").map(row -> row.get(0, String.class)).one();
    }

    /** The pool's usage now (empty when the pool keeps no metrics). */
    public Optional<PoolUsage> poolUsage() {
        return pool.getMetrics().map(DatabaseProbe::usage);
    }

    private static PoolUsage usage(PoolMetrics m) {
        return new PoolUsage(m.acquiredSize(), m.idleSize(), m.pendingAcquireSize(), m.getMaxAllocatedSize());
    }
}
