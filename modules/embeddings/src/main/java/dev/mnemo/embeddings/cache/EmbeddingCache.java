package dev.mnemo.embeddings.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.mnemo.embeddings.Embedded;
import dev.mnemo.embeddings.EmbeddingStats;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Vectors by {@link CacheKey}, LRU-bounded. Holding futures (not vectors) means concurrent misses for the same text
 * share one computation, and a hit is an already-completed future: no thread hop, microseconds.
 */
public final class EmbeddingCache {

    /** Null when the cache is off (size 0): Caffeine's size 0 still shares in-flight and just-finished entries. */
    private final AsyncCache<CacheKey, Embedded> cache;

    public EmbeddingCache(int maximumSize) {
        this.cache = maximumSize == 0 ? null : Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .recordStats()
                // Bookkeeping is cheap; running it inline keeps it off the common pool and makes stats immediate.
                .executor(Runnable::run)
                .buildAsync();
    }

    /**
     * The cached vector, or the one {@code compute} yields. Returns a private copy, so callers cannot alter the cache.
     *
     * <p>The cache holds a twin of the computation that yields null on failure: Caffeine drops null values silently
     * (a failed future it would log as a warning each time), and the caller still sees the real failure.
     */
    public CompletableFuture<Embedded> get(CacheKey key, Supplier<CompletableFuture<Embedded>> compute) {
        if (cache == null) {
            return compute.get();
        }
        AtomicReference<CompletableFuture<Embedded>> mine = new AtomicReference<>();
        CompletableFuture<Embedded> shared = cache.get(key, (k, executor) -> {
            CompletableFuture<Embedded> computed = compute.get();
            mine.set(computed);
            return computed.handle((vector, failure) -> failure == null ? vector : null);
        });
        if (mine.get() != null) {
            return mine.get().thenApply(Embedded::copy);
        }
        // Joined someone else's computation; if it failed, compute once more ourselves to report the real cause.
        return shared.thenCompose(vector -> vector != null
                ? CompletableFuture.completedFuture(vector.copy())
                : compute.get().thenApply(Embedded::copy));
    }

    public EmbeddingStats.CacheStats stats() {
        if (cache == null) {
            return new EmbeddingStats.CacheStats(0, 0, 0, 0.0);
        }
        CacheStats stats = cache.synchronous().stats();
        return new EmbeddingStats.CacheStats(cache.synchronous().estimatedSize(), stats.hitCount(),
                stats.missCount(), stats.hitRate());
    }

    public void clear() {
        if (cache != null) {
            cache.synchronous().invalidateAll();
        }
    }
}
