package dev.mnemo.store.audit;

import dev.mnemo.model.tenant.AuditEntry;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.tenant.TenantScope;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The audit log (migration V7): appended to in the tenant's scope, read newest first; never updated. */
public class AuditRepository {

    private final DatabaseClient db;
    private final TenantScope scope;

    public AuditRepository(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.scope = new TenantScope(db, tx);
    }

    public Mono<Void> append(Tenant tenant, String actor, String action, String target) {
        return scope.mono(tenant, db.sql("INSERT INTO audit_log (tenant_id, actor, action, target) VALUES ($1, $2, $3, $4)")
                .bind(0, tenant.id()).bind(1, actor).bind(2, action).bind(3, target).then());
    }

    public Flux<AuditEntry> recent(Tenant tenant, int limit) {
        return scope.flux(tenant, db.sql("SELECT id, at, tenant_id, actor, action, target FROM audit_log"
                        + " WHERE tenant_id = $1 ORDER BY at DESC, id DESC LIMIT $2")
                .bind(0, tenant.id()).bind(1, limit)
                .map(row -> new AuditEntry(row.get("id", Long.class), row.get("at", OffsetDateTime.class),
                        new Tenant(row.get("tenant_id", String.class)), row.get("actor", String.class),
                        row.get("action", String.class), row.get("target", String.class)))
                .all());
    }
}
