package dev.mnemo.core.data;

import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.model.events.EventCounts;
import dev.mnemo.store.events.EventMaintenance;
import reactor.core.publisher.Mono;

/** Counts for {@code data stats}: events with and without each vector, per model, and the graph. */
public class DataStats {

    private final EventMaintenance maintenance;

    public DataStats(EventMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    public Mono<EventCounts> read() {
        return DatabaseRetry.mono(maintenance.counts(), "counting events");
    }
}
