package dev.mnemo.core.collections;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.core.search.FilterParser;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.Include;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.collections.CollectionRepository;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Reads of a collection's records: by ids and/or filter, the whole collection as a stream, and nearest-neighbour
 * queries (texts embedded with the collection's model). Reads are retried when the database fails transiently.
 */
public final class CollectionSearch {

    private final CollectionCatalog catalog;
    private final CollectionRepository repository;
    private final CollectionEmbedder embedder;
    private final ScanChoice scans;
    private final FilterParser filters;

    CollectionSearch(CollectionCatalog catalog, CollectionRepository repository, CollectionEmbedder embedder,
                     FilterParser filters) {
        this.catalog = catalog;
        this.repository = repository;
        this.embedder = embedder;
        this.scans = new ScanChoice(repository);
        this.filters = filters;
    }

    public Mono<List<CollectionRecord>> getRecords(Tenant tenant, String name, List<String> ids, JsonNode where, JsonNode whereDocument,
                                                   Integer limit, Integer offset, Set<Include> include) {
        Filter filter = filters.collectionFilter(where, whereDocument);
        if (ids != null) {
            catalog.limits().requireBatch(ids.size(), "ids");
            RecordRules.ids(ids);
        }
        int n = limit == null ? catalog.limits().maxResults() : catalog.limits().results(limit, "limit");
        if (offset != null && offset < 0) {
            throw ServiceException.invalid("offset", "min 0", "offset is 0 or more");
        }
        return catalog.get(tenant, name).flatMap(c -> read(c,
                repository.get(c, ids, filter, n, offset == null ? 0 : offset, include).collectList()));
    }

    /** Every record of the collection in id order, streamed page by page (not retried: it may be partly sent). */
    public Flux<CollectionRecord> stream(Tenant tenant, String name, Set<Include> include) {
        return catalog.get(tenant, name).flatMapMany(c -> repository.scan(c, catalog.limits().scanPage(), include)
                .onErrorMap(e -> CollectionErrors.map(e, c.name())));
    }

    /** One result list per query (texts are embedded with the collection's model, QUERY kind). */
    public Mono<List<List<CollectionRecord>>> query(Tenant tenant, String name, List<String> texts, List<float[]> vectors,
                                                    JsonNode where, JsonNode whereDocument, Integer nResults,
                                                    Set<Include> include) {
        if ((texts == null) == (vectors == null)) {
            throw ServiceException.invalid("query_embeddings", "one_of",
                    "Give exactly one of query_texts and query_embeddings");
        }
        String field = texts != null ? "query_texts" : "query_embeddings";
        int count = texts != null ? texts.size() : vectors.size();
        if (count == 0) {
            throw ServiceException.invalid(field, "min 1", field + " holds at least one query");
        }
        catalog.limits().requireBatch(count, field);
        int k = nResults == null ? 10 : catalog.limits().results(nResults, "n_results");
        Filter filter = filters.collectionFilter(where, whereDocument);
        return catalog.get(tenant, name).flatMap(c -> queryVectors(c, texts, vectors)
                // Not retried: the count is shared by concurrent callers (a retry would re-read the same failure).
                .zipWith(scans.exact(c, filter).onErrorMap(e -> CollectionErrors.map(e, c.name())))
                .flatMap(plan -> Flux.fromIterable(plan.getT1())
                        // With a document filter each vector's query takes a permit of the costly-read gate: one at a
                        // time, so a request never competes with itself for the gate.
                        .flatMapSequential(v -> read(c, repository.query(c, v, filter, k, include, plan.getT2()).collectList()),
                                filter != null && Filter.hasDocumentFilter(filter) ? 1 : 4)
                        .collectList()));
    }

    private Mono<List<float[]>> queryVectors(CollectionInfo c, List<String> texts, List<float[]> vectors) {
        if (vectors != null) {
            for (int i = 0; i < vectors.size(); i++) {
                if (vectors.get(i) == null) {
                    throw ServiceException.invalid("query_embeddings[" + i + "]", "required", "A query embedding is a list of numbers");
                }
                RecordRules.embedding(vectors.get(i), c, "query_embeddings[" + i + "]");
            }
            return Mono.just(vectors);
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null || texts.get(i).isBlank()) {
                throw ServiceException.invalid("query_texts[" + i + "]", "required", "A query text is not blank");
            }
            Storable.text("query_texts[" + i + "]", texts.get(i));
        }
        return embedder.queries(c, texts);
    }

    private <T> Mono<T> read(CollectionInfo c, Mono<T> work) {
        return CollectionErrors.read(work, c.name());
    }
}
