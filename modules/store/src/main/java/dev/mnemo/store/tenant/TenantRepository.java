package dev.mnemo.store.tenant;

import dev.mnemo.model.tenant.Quota;
import dev.mnemo.model.tenant.Tenant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tenants table. Not tenant-scoped (it is the list of scopes): read by work that visits every tenant in turn
 * (the collection indexer, the admin shell's data commands) and written by administrators.
 */
public class TenantRepository {

    private final DatabaseClient db;

    public TenantRepository(DatabaseClient db) {
        this.db = db;
    }

    public Flux<Tenant> all() {
        return db.sql("SELECT id FROM tenants ORDER BY id").map(row -> new Tenant(row.get("id", String.class))).all();
    }

    /** Creates the tenant; true when it is new. */
    public Mono<Boolean> create(Tenant tenant) {
        return db.sql("INSERT INTO tenants (id) VALUES ($1) ON CONFLICT DO NOTHING").bind(0, tenant.id())
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** The tenant's own limits (nulls where the service's defaults apply); empty when there is no such tenant. */
    public Mono<Quota> quota(Tenant tenant) {
        return db.sql("SELECT max_rows, max_collections, max_storage_bytes FROM tenants WHERE id = $1").bind(0, tenant.id())
                .map(row -> new Quota(row.get(0, Long.class), row.get(1, Long.class), row.get(2, Long.class))).one();
    }

    /** Replaces the tenant's limits; false when there is no such tenant. */
    public Mono<Boolean> setQuota(Tenant tenant, Quota quota) {
        return db.sql("UPDATE tenants SET max_rows = $2, max_collections = $3, max_storage_bytes = $4 WHERE id = $1")
                .bind(0, tenant.id()).bind(1, nullable(quota.rows())).bind(2, nullable(quota.collections()))
                .bind(3, nullable(quota.storageBytes())).fetch().rowsUpdated().map(n -> n > 0);
    }

    private static Object nullable(Long value) {
        return value == null ? Parameter.empty(Long.class) : value;
    }

    public Mono<Boolean> exists(Tenant tenant) {
        return db.sql("SELECT 1 FROM tenants WHERE id = $1").bind(0, tenant.id()).map(row -> true).one()
                .defaultIfEmpty(false);
    }
}
