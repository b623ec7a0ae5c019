package dev.mnemo.store.tenant;

import dev.mnemo.model.tenant.Tenant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs statements as one tenant: in a transaction whose first statement switches to the role {@value #ROLE} (which
 * row-level security applies to) and sets {@code mnemo.tenant}, both transaction-local (SET LOCAL), so a pooled
 * connection carries neither into its next use. Work already in such a transaction joins it.
 *
 * <p>This is the second wall: every statement also names its tenant explicitly. A statement that forgot to would
 * still see only the tenant's rows, and a transaction that never entered a scope sees none.
 */
public final class TenantScope {

    /** The role of migration V6: no login, no BYPASSRLS. */
    public static final String ROLE = "mnemo_app";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public TenantScope(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    public <T> Mono<T> mono(Tenant tenant, Mono<T> work) {
        return tx.transactional(enter(tenant).then(work));
    }

    public <T> Flux<T> flux(Tenant tenant, Flux<T> work) {
        return tx.transactional(enter(tenant).thenMany(work));
    }

    private Mono<Void> enter(Tenant tenant) {
        return db.sql("SELECT set_config('role', $1, true), set_config('mnemo.tenant', $2, true)")
                .bind(0, ROLE).bind(1, tenant.id()).then();
    }
}
