package dev.mnemo.core.collections;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.core.search.FilterParser;
import dev.mnemo.core.search.Hybrid;
import dev.mnemo.core.search.SearchMode;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.model.collections.CollectionHit;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.Include;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.search.Explanation;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.collections.CollectionRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Reads of a collection's records: by ids and/or filter, the whole collection as a stream, and queries by vector
 * (texts embedded with the collection's model), by words (BM25 over the documents' lexical index) or both fused.
 * Reads are retried when the database fails transiently.
 */
public final class CollectionSearch {

    private final CollectionCatalog catalog;
    private final CollectionRepository repository;
    private final CollectionEmbedder embedder;
    private final ScanChoice scans;
    private final FilterParser filters;
    private final MnemoSettings.Search search;

    CollectionSearch(CollectionCatalog catalog, CollectionRepository repository, CollectionEmbedder embedder,
                     FilterParser filters, MnemoSettings.Search search) {
        this.search = search;
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

    /** One result list per query (texts are embedded with the collection's model, QUERY kind): a VECTOR query. */
    public Mono<List<List<CollectionRecord>>> query(Tenant tenant, String name, List<String> texts, List<float[]> vectors,
                                                    JsonNode where, JsonNode whereDocument, Integer nResults,
                                                    Set<Include> include) {
        return query(tenant, name, new RecordQuery(texts, vectors, where, whereDocument, nResults, include,
                SearchMode.VECTOR, false))
                .map(lists -> lists.stream().map(hits -> hits.stream().map(CollectionHit::record).toList()).toList());
    }

    /**
     * One result list per query, ranked as {@code q.mode()} says: VECTOR by distance (texts embedded with the
     * collection's model), LEXICAL by BM25 over the documents' terms, HYBRID by both fused. LEXICAL and HYBRID
     * match words, so they need query texts.
     */
    public Mono<List<List<CollectionHit>>> query(Tenant tenant, String name, RecordQuery q) {
        SearchMode mode = q.mode() == null ? SearchMode.VECTOR : q.mode();
        List<String> texts = q.texts();
        List<float[]> vectors = q.vectors();
        if (mode != SearchMode.VECTOR && texts == null) {
            throw ServiceException.invalid("query_texts", "required", "mode " + mode.name().toLowerCase(Locale.ROOT)
                    + " matches words: give query_texts");
        }
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
        int k = q.nResults() == null ? 10 : catalog.limits().results(q.nResults(), "n_results");
        Filter filter = filters.collectionFilter(q.where(), q.whereDocument());
        // With a document filter each query takes a permit of the costly-read gate: one at a time, so a request never
        // competes with itself for the gate.
        int concurrency = filter != null && Filter.hasDocumentFilter(filter) ? 1 : 4;
        if (mode == SearchMode.LEXICAL) {
            checkTexts(texts);
            return catalog.get(tenant, name).flatMap(c -> Flux.fromIterable(texts)
                    .flatMapSequential(t -> read(c, lexical(c, t, filter, k, q.include())), concurrency)
                    .map(hits -> q.explain() ? explained(hits, false) : hits)
                    .collectList());
        }
        int candidates = mode == SearchMode.HYBRID ? Math.max(50, 2 * k) : k;
        return catalog.get(tenant, name).flatMap(c -> queryVectors(c, texts, vectors)
                // Not retried: the count is shared by concurrent callers (a retry would re-read the same failure).
                .zipWith(scans.exact(c, filter).onErrorMap(e -> CollectionErrors.map(e, c.name())))
                .flatMap(plan -> Flux.range(0, count)
                        .flatMapSequential(i -> {
                            Mono<List<CollectionHit>> nearest = read(c, repository.query(c, plan.getT1().get(i), filter,
                                    candidates, q.include(), plan.getT2())
                                    .map(r -> new CollectionHit(r, null, null)).collectList());
                            if (mode == SearchMode.VECTOR) {
                                return q.explain() ? nearest.map(hits -> explained(hits, true)) : nearest;
                            }
                            return nearest.zipWith(read(c, lexical(c, texts.get(i), filter, candidates, q.include())))
                                    .map(legs -> fused(legs.getT1(), legs.getT2(), k, q.explain()));
                        }, concurrency)
                        .collectList()));
    }

    /** The lexical leg: the query text analysed as the documents were, ranked by BM25. */
    private Mono<List<CollectionHit>> lexical(CollectionInfo c, String text, Filter filter, int k, Set<Include> include) {
        MnemoSettings.Lexical lexical = search.lexical();
        return repository.lexical(c, lexical.collectionsAnalyzer().terms(text), filter, k, include, lexical.k1(),
                lexical.b()).collectList();
    }

    /** A vector leg (by distance: smaller is better, and shown) and a lexical leg (BM25), fused; the best k. */
    private List<CollectionHit> fused(List<CollectionHit> vector, List<CollectionHit> lexical, int k, boolean explain) {
        return Hybrid.fuse(new Hybrid.Leg<>(vector, h -> -h.record().distance(), h -> h.record().distance()),
                        Hybrid.Leg.of(lexical, CollectionHit::score), h -> h.record().id(), search.hybrid(), 0, k, explain)
                .stream().map(h -> new CollectionHit(h.item().record(), h.score(), h.explanation())).toList();
    }

    /** One leg's hits with their explanations: rank and score (the distance of a vector query). */
    private static List<CollectionHit> explained(List<CollectionHit> hits, boolean vector) {
        List<Explanation> why = Hybrid.single(hits, 0, vector ? h -> h.record().distance() : CollectionHit::score, vector);
        List<CollectionHit> out = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            out.add(new CollectionHit(hits.get(i).record(), hits.get(i).score(), why.get(i)));
        }
        return out;
    }

    private static void checkTexts(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null || texts.get(i).isBlank()) {
                throw ServiceException.invalid("query_texts[" + i + "]", "required", "A query text is not blank");
            }
            Storable.text("query_texts[" + i + "]", texts.get(i));
        }
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
        checkTexts(texts);
        return embedder.queries(c, texts);
    }

    private <T> Mono<T> read(CollectionInfo c, Mono<T> work) {
        return CollectionErrors.read(work, c.name());
    }
}
