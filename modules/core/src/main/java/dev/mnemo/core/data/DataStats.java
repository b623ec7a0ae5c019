package dev.mnemo.core.data;

import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.model.events.EventCounts;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.events.EventMaintenance;
import dev.mnemo.store.tenant.TenantRepository;
import reactor.core.publisher.Mono;

/** Counts for {@code data stats}: events with and without each vector, per model, and the graph. */
public class DataStats {

    private final EventMaintenance maintenance;
    private final TenantRepository tenants;

    public DataStats(EventMaintenance maintenance, TenantRepository tenants) {
        this.maintenance = maintenance;
        this.tenants = tenants;
    }

    /** One tenant's counts; NOT_FOUND for a tenant that does not exist. */
    public Mono<EventCounts> read(Tenant tenant) {
        return DatabaseRetry.mono(tenants.exists(tenant), "counting events")
                .flatMap(exists -> exists ? DatabaseRetry.mono(maintenance.counts(tenant), "counting events")
                        : Mono.error(ServiceException.notFound("Tenant", tenant.id() + " (a tenant is created with its first key)")));
    }
}
