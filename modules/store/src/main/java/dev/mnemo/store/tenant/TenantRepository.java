package dev.mnemo.store.tenant;

import dev.mnemo.model.tenant.Tenant;
import org.springframework.r2dbc.core.DatabaseClient;
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

    public Mono<Boolean> exists(Tenant tenant) {
        return db.sql("SELECT 1 FROM tenants WHERE id = $1").bind(0, tenant.id()).map(row -> true).one()
                .defaultIfEmpty(false);
    }
}
