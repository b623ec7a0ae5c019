package dev.mnemo.collections;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mnemo.collections.filter.Filter;
import java.time.Duration;
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
 * up to the threshold, one query per collection and filter, remembered for {@link #REMEMBER}: agents repeat their
 * filters (their own id, a session, a topic).
 */
public final class ScanChoice {

    /** Estimated matches up to which the exact scan is chosen. */
    public static final long EXACT_MAX_MATCHES = 2_500;
    static final Duration REMEMBER = Duration.ofSeconds(60);

    private record Key(long collection, Filter filter) {
    }

    private final CollectionRepository repository;
    private final AsyncCache<Key, Long> estimates = Caffeine.newBuilder()
            .expireAfterWrite(REMEMBER).maximumSize(10_000).buildAsync();

    public ScanChoice(CollectionRepository repository) {
        this.repository = repository;
    }

    /** True when {@code filter} is indexable and selective enough in {@code c} for an exact scan. */
    public Mono<Boolean> exact(CollectionInfo c, Filter filter) {
        if (filter == null || !Filter.indexable(filter)) {
            return Mono.just(false);
        }
        return Mono.fromFuture(estimates.get(new Key(c.id(), filter),
                        (key, executor) -> repository.countMatches(c, filter, EXACT_MAX_MATCHES + 1).toFuture()))
                .map(matches -> matches <= EXACT_MAX_MATCHES);
    }
}
