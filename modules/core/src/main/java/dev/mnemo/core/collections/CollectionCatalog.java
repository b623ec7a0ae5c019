package dev.mnemo.core.collections;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.quota.Quotas;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.collections.CollectionRepository;
import dev.mnemo.store.collections.NewCollection;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Collections themselves: create, list, find (cached), delete, and the counts of one collection. */
public final class CollectionCatalog {

    /**
     * Catalog rows by name, kept {@link #CATALOG_TTL}: every record call needs its collection, and looking it up was
     * a database round trip per request. Create and delete here invalidate at once; another instance's delete is
     * seen at once too (the records table is gone: 404), its delete + re-create of the same name after the TTL.
     */
    private final Cache<String, CollectionInfo> cache = Caffeine.newBuilder()
            .expireAfterWrite(CATALOG_TTL).maximumSize(10_000).build();
    static final Duration CATALOG_TTL = Duration.ofSeconds(2);

    private final CollectionRepository repository;
    private final CollectionLimits limits;
    private final Map<EmbeddingDomain, Integer> dimensions;
    private final Quotas quotas;

    /** @param dimensions the vector dimension of a new collection, per model domain (TEXT, CODE) */
    public CollectionCatalog(CollectionRepository repository, CollectionLimits limits,
                             Map<EmbeddingDomain, Integer> dimensions, Quotas quotas) {
        this.quotas = quotas;
        this.repository = repository;
        this.limits = limits;
        this.dimensions = Map.copyOf(dimensions);
    }

    public CollectionLimits limits() {
        return limits;
    }

    public Mono<CollectionInfo> create(Tenant tenant, CollectionSpec spec, boolean getOrCreate) {
        NewCollection row = new NewCollection(tenant, spec.name(), spec.metadata(), spec.domain().name(), spec.distance(),
                spec.hnsw(), dimensions.get(spec.domain()));
        Mono<CollectionInfo> create = quotas.guard(tenant, 0, 1, () -> 0, repository.create(row)
                        .onErrorMap(e -> CollectionErrors.map(e, spec.name())))
                .doFinally(signal -> cache.invalidate(key(tenant, spec.name())));
        if (!getOrCreate) {
            return create;
        }
        return find(tenant, spec.name()).switchIfEmpty(create.onErrorResume(
                e -> e instanceof ServiceException m && m.kind() == ServiceException.Kind.CONFLICT,
                e -> find(tenant, spec.name())));
    }

    public Flux<CollectionInfo> list(Tenant tenant, int limit, int offset) {
        if (offset < 0) {
            throw ServiceException.invalid("offset", "min 0", "offset is 0 or more");
        }
        int n = limits.results(limit, "limit");
        return DatabaseRetry.flux(repository.list(tenant, n, offset), "collections", e -> CollectionErrors.map(e, "*"));
    }

    /** The collection, or NOT_FOUND. */
    public Mono<CollectionInfo> get(Tenant tenant, String name) {
        String checked = CollectionSpec.requireName(name);
        CollectionInfo known = cache.getIfPresent(key(tenant, checked));
        if (known != null) {
            return Mono.just(known);
        }
        return find(tenant, checked)
                .doOnNext(c -> cache.put(key(tenant, checked), c))
                .switchIfEmpty(Mono.error(() -> ServiceException.notFound("Collection", name)));
    }

    private Mono<CollectionInfo> find(Tenant tenant, String name) {
        return CollectionErrors.read(repository.find(tenant, name), name);
    }

    /** Catalog cache keys: a name is unique per tenant only. */
    private static String key(Tenant tenant, String name) {
        return tenant.id() + "/" + name;
    }

    public Mono<Void> delete(Tenant tenant, String name) {
        return repository.drop(tenant, CollectionSpec.requireName(name))
                .onErrorMap(e -> CollectionErrors.map(e, name))
                .doFinally(signal -> cache.invalidate(key(tenant, name)))
                .flatMap(dropped -> dropped ? Mono.<Void>empty() : Mono.error(ServiceException.notFound("Collection", name)));
    }

    public Mono<Long> count(Tenant tenant, String name) {
        return get(tenant, name).flatMap(c -> CollectionErrors.read(repository.count(c), name));
    }

    /** How many records wait for the background indexer (searched exactly until it takes them). */
    public Mono<Long> pendingIndex(Tenant tenant, String name) {
        return get(tenant, name).flatMap(c -> CollectionErrors.read(repository.pendingIndex(c), name));
    }
}
