package dev.mnemo.core.collections;

import dev.mnemo.core.search.SelectiveFilters;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.store.collections.CollectionRepository;
import reactor.core.publisher.Mono;

/**
 * Decides, per filtered query, between walking the HNSW graph and an exact scan of the filter's matches.
 *
 * <p>With a selective filter the graph walk visits about k / selectivity candidates before k of them pass (pgvector's
 * iterative scan), while the exact scan reads only the matches, through the metadata or trigram index, and can never
 * miss one. PostgreSQL's own cost model prices the filtered walk too low, so it kept walking where scanning was cheaper.
 * Measured at 100 000 records on 2 cores (filtered top-10, same queries): a 2 % filter (2 000 matches) ran at 870 q/s
 * exact vs 520 q/s walking; a 10 % filter (10 000 matches) at 136 q/s exact vs 1 150 q/s walking. Hence a row
 * threshold between them, {@link #EXACT_MAX_MATCHES}.
 *
 * <p>Only filters an index can answer ({@link Filter#indexable}: equality, $in, $contains, document text and regex)
 * are candidates: for the others (ranges, negations) an "exact scan" reads the whole table. Their matches are counted
 * up to the threshold, one query per collection and filter, remembered a minute ({@link SelectiveFilters}): agents
 * repeat their filters (their own id, a session, a topic). Events make the same choice (EventService).
 */
public final class ScanChoice {

    /** Estimated matches up to which the exact scan is chosen. */
    public static final long EXACT_MAX_MATCHES = SelectiveFilters.EXACT_MAX_MATCHES;

    private record Key(long collection, CollectionInfo info, Filter filter) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.collection == collection && k.filter.equals(filter);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(collection) * 31 + filter.hashCode();
        }
    }

    private final SelectiveFilters<Key> selective;

    public ScanChoice(CollectionRepository repository) {
        this.selective = new SelectiveFilters<>((key, cap) -> repository.countMatches(key.info(), key.filter(), cap));
    }

    /** True when {@code filter} is indexable and selective enough in {@code c} for an exact scan. */
    public Mono<Boolean> exact(CollectionInfo c, Filter filter) {
        if (filter == null || !Filter.indexable(filter)) {
            return Mono.just(false);
        }
        return selective.selective(new Key(c.id(), c, filter));
    }
}
