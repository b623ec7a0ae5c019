package dev.mnemo.core.jobs;

import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.store.StoreErrors;
import dev.mnemo.store.StoreException;
import dev.mnemo.store.collections.CollectionRepository;
import dev.mnemo.store.collections.CollectionTables;
import dev.mnemo.store.tenant.TenantRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Moves written records into their collection's HNSW graph in the background (why: {@link CollectionTables}).
 *
 * <p>A write wakes it for its collection; a periodic sweep finds work nobody announced (records written by another
 * instance or the admin shell, or left by a process that stopped mid-way). One collection at a time, in batches of
 * {@link #BATCH} rows, {@code parallelism} batches at once; it never blocks a thread (R2DBC). Indexing is idempotent
 * and loses nothing when interrupted: an unindexed record stays searchable (exactly) until a later pass takes it.
 */
public final class CollectionIndexer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CollectionIndexer.class);

    /** Rows per UPDATE: ~0.3-0.5 s of graph inserts on 2 cores, short enough to keep row locks brief. */
    static final int BATCH = 256;
    /**
     * Two batches at once: 100 000 pending records indexed at ~1 270/s (one at a time: ~760/s), measured on 2 cores.
     * Queries pay for a backlog (its records are searched exactly), so catching up fast is worth the second core.
     */
    public static final int DEFAULT_PARALLELISM = 2;
    public static final Duration DEFAULT_SWEEP = Duration.ofSeconds(10);
    /** Fresh planner statistics once a pass moved this many rows: queries pick their plans by the pending share. */
    private static final long ANALYZE_AFTER = 1_000;

    private final CollectionRepository repository;
    private final TenantRepository tenants;
    private final int parallelism;
    private final Duration sweepEvery;
    private final Map<Long, CollectionInfo> dirty = new ConcurrentHashMap<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Disposable sweeper;

    /**
     * @param parallelism batches of one collection run at once (each holds a connection and a core while it runs)
     * @param sweepEvery  how often to look for unannounced work in every collection
     */
    public CollectionIndexer(CollectionRepository repository, TenantRepository tenants, int parallelism,
                             Duration sweepEvery) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
        }
        this.repository = repository;
        this.tenants = tenants;
        this.parallelism = parallelism;
        this.sweepEvery = sweepEvery;
    }

    /** Starts the periodic sweep, the first one at once. */
    public CollectionIndexer start() {
        sweeper = Flux.interval(Duration.ZERO, sweepEvery)
                .onBackpressureDrop()
                .concatMap(tick -> sweep().onErrorResume(e -> {
                    log.warn("Collection index sweep failed (retried in {}): {}", sweepEvery, e.getMessage());
                    return Mono.empty();
                }), 1)
                .subscribe();
        return this;
    }

    /**
     * A write landed in {@code c}: index it soon. Never blocks. An indexer that was not started (background jobs off
     * in this process) leaves the records to the process that runs the jobs: its sweep finds them.
     */
    public void written(CollectionInfo c) {
        if (closed || sweeper == null) {
            return;
        }
        dirty.put(c.id(), c);
        kick();
    }

    private Mono<Void> sweep() {
        // Tenant by tenant: each collection is read in its own tenant's scope (row-level security).
        return tenants.all().concatMap(tenant -> repository.list(tenant, Integer.MAX_VALUE, 0))
                .concatMap(c -> repository.pendingIndex(c).filter(n -> n > 0).map(n -> c)
                        .onErrorResume(e -> Mono.empty()))
                .doOnNext(c -> dirty.put(c.id(), c))
                .then(Mono.fromRunnable(this::kick));
    }

    private void kick() {
        if (closed || dirty.isEmpty()) {
            return;
        }
        if (!draining.compareAndSet(false, true)) {
            again.set(true); // the running drain takes another turn when it ends
            return;
        }
        again.set(false);
        drain().doFinally(signal -> {
            draining.set(false);
            if (again.getAndSet(false)) {
                kick();
            }
        }).subscribe();
    }

    private Mono<Void> drain() {
        List<CollectionInfo> work = List.copyOf(dirty.values());
        // Forget before indexing: a write during the pass re-adds its collection and triggers another pass.
        work.forEach(c -> dirty.remove(c.id(), c));
        return Flux.fromIterable(work).concatMap(this::indexAll, 1).then();
    }

    private Mono<Void> indexAll(CollectionInfo c) {
        long started = System.nanoTime();
        return Flux.range(0, parallelism)
                .flatMap(worker -> repository.indexBatch(c, BATCH)
                        .expand(n -> n == BATCH && !closed ? repository.indexBatch(c, BATCH) : Mono.empty()), parallelism)
                .reduce(0L, Long::sum)
                .flatMap(moved -> {
                    if (moved > 0) {
                        log.debug("Indexed {} records of collection {} in {} ms", moved, c.name(),
                                (System.nanoTime() - started) / 1_000_000);
                    }
                    return moved >= ANALYZE_AFTER ? repository.analyze(c) : Mono.empty();
                })
                .onErrorResume(e -> {
                    StoreException failure = StoreErrors.translate(e);
                    if (failure.kind() == StoreException.Kind.MISSING_TABLE) {
                        return Mono.empty(); // the collection was deleted meanwhile
                    }
                    log.warn("Indexing collection {} failed (retried by the next sweep): {}", c.name(), failure.getMessage());
                    return Mono.empty();
                });
    }

    @Override
    public void close() {
        closed = true;
        Disposable s = sweeper;
        if (s != null) {
            s.dispose();
        }
    }
}
