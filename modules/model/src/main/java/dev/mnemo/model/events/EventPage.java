package dev.mnemo.model.events;

import dev.mnemo.model.search.Explanation;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One page of results. {@code total} counts every matching event for filter-only searches; for vector searches it is
 * the number of hits up to this page (offset + returned), since counting all rows within a distance would scan them all.
 * {@code explanations}: per hit, when the search asked for them (empty otherwise).
 */
public record EventPage(List<Event> events, long total, Map<UUID, Explanation> explanations) {

    public EventPage(List<Event> events, long total) {
        this(events, total, Map.of());
    }

    public EventPage {
        explanations = Map.copyOf(explanations);
    }
}
