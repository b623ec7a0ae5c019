package dev.mnemo.core.search;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * Whether a filter is selective: at most {@link #EXACT_MAX_MATCHES} matching rows. A selective filter is answered
 * best by an exact scan of its matches through the filter's own index; a broad one by walking the HNSW graph
 * (collections/ScanChoice has the measurements). Matches are counted up to the threshold (a broad filter costs a
 * short scan, not a full one), once per key, and remembered {@link #REMEMBER}: agents repeat their filters.
 *
 * @param <K> what identifies a filter and the rows it applies to (a collection and its filter; an events filter)
 */
public final class SelectiveFilters<K> {

    /** Matches up to which the exact scan is chosen. */
    public static final long EXACT_MAX_MATCHES = 2_500;
    static final Duration REMEMBER = Duration.ofSeconds(60);

    private final BiFunction<K, Long, Mono<Long>> countUpTo;
    /** Weighed by the filter's size: keys are clients' filters, and a few large ones must not fill the heap. */
    private final AsyncCache<K, Long> counts = Caffeine.newBuilder()
            .expireAfterWrite(REMEMBER).maximumWeight(4_000_000).<K, Long>weigher((k, v) -> 64 + k.toString().length())
            .buildAsync();

    /** @param countUpTo counts the matches of a key's filter, stopping at the given cap */
    public SelectiveFilters(BiFunction<K, Long, Mono<Long>> countUpTo) {
        this.countUpTo = countUpTo;
    }

    public Mono<Boolean> selective(K key) {
        // suppressCancel: the future is shared by every request with this filter; one client leaving must not
        // cancel it for the others.
        return Mono.fromFuture(counts.get(key, (k, executor) -> countUpTo.apply(k, EXACT_MAX_MATCHES + 1).toFuture()), true)
                .map(matches -> matches <= EXACT_MAX_MATCHES);
    }
}
