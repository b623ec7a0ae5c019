package dev.mnemo.model.events;

import java.util.List;

/**
 * One page of results. {@code total} counts every matching event for filter-only searches; for vector searches it is
 * the number of hits up to this page (offset + returned), since counting all rows within a distance would scan them all.
 */
public record EventPage(List<Event> events, long total) {
}
