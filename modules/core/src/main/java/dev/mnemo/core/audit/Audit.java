package dev.mnemo.core.audit;

import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.model.tenant.AuditEntry;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.audit.AuditRepository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The audit log: admin actions and deletions, appended in the tenant's scope, readable by its admins. */
public class Audit {

    /** The actor of work done in the admin shell (it holds no key: it is the database's operator). */
    public static final String SHELL = "admin-shell";
    public static final int MAX_READ = 1000;

    private final AuditRepository log;

    public Audit(AuditRepository log) {
        this.log = log;
    }

    /** Appends an entry; {@code actor} is a key id, {@link #SHELL}, or "local" (a deployment without keys). */
    public Mono<Void> record(Tenant tenant, String actor, String action, String target) {
        return DatabaseRetry.mono(log.append(tenant, actor, action, target == null ? "" : target), "writing the audit log");
    }

    public Flux<AuditEntry> recent(Tenant tenant, int limit) {
        if (limit < 1 || limit > MAX_READ) {
            return Flux.error(ServiceException.invalid("limit", "range 1.." + MAX_READ, "limit is between 1 and " + MAX_READ));
        }
        return DatabaseRetry.flux(log.recent(tenant, limit), "reading the audit log");
    }
}
