package dev.mnemo.core.data;

import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.model.events.EventCounts;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.events.EventMaintenance;
import reactor.core.publisher.Mono;

/** Counts for {@code data stats}: events with and without each vector, per model, and the graph. */
public class DataStats {

    private final EventMaintenance maintenance;

    public DataStats(EventMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    /** One tenant's counts. */
    public Mono<EventCounts> read(Tenant tenant) {
        return DatabaseRetry.mono(maintenance.counts(tenant), "counting events");
    }
}
