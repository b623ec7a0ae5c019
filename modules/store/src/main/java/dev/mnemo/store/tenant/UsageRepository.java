package dev.mnemo.store.tenant;

import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.model.tenant.Usage;
import dev.mnemo.store.collections.CollectionTables;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * What a tenant holds, counted in its own scope: rows of events, nodes, edges and of each of its collections, its
 * collections, and the bytes of those rows as stored ({@code pg_column_size} of each row: compressed, toasted
 * values at their stored size). A full pass over the tenant's rows: callers remember the answer a while.
 */
public final class UsageRepository {

    private final DatabaseClient db;
    private final TenantScope scope;

    public UsageRepository(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.scope = new TenantScope(db, tx);
    }

    public Mono<Usage> usage(Tenant tenant) {
        Mono<Usage> tables = db.sql("""
                        SELECT (SELECT count(*) FROM events WHERE tenant_id = $1)
                             + (SELECT count(*) FROM nodes WHERE tenant_id = $1)
                             + (SELECT count(*) FROM edges WHERE tenant_id = $1) AS rows,
                               (SELECT count(*) FROM collections WHERE tenant_id = $1) AS collections,
                               (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM events t WHERE tenant_id = $1)
                             + (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM nodes t WHERE tenant_id = $1)
                             + (SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM edges t WHERE tenant_id = $1) AS bytes""")
                .bind(0, tenant.id())
                .map(row -> new Usage(row.get("rows", Long.class), row.get("collections", Long.class),
                        row.get("bytes", Long.class))).one();
        // Each collection's records live in a table of its own (CollectionTables), visible only through its catalog row.
        Mono<Usage> records = db.sql("SELECT id FROM collections WHERE tenant_id = $1 ORDER BY id").bind(0, tenant.id())
                .map(row -> row.get(0, Long.class)).all()
                .concatMap(id -> db.sql("SELECT count(*) AS rows, coalesce(sum(pg_column_size(r.*)), 0) AS bytes FROM "
                                + CollectionTables.table(id) + " r")
                        .map(row -> new Usage(row.get("rows", Long.class), 0, row.get("bytes", Long.class))).one())
                .reduce(Usage.NOTHING, Usage::plus);
        return scope.mono(tenant, tables.zipWith(records, Usage::plus));
    }
}
