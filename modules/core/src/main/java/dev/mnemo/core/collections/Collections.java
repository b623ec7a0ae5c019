package dev.mnemo.core.collections;

import dev.mnemo.core.quota.Quotas;
import dev.mnemo.core.jobs.CollectionIndexer;
import dev.mnemo.core.search.FilterParser;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.store.collections.CollectionRepository;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three collection services, built together because they share the catalog and the embedder: the one
 * constructor of collections (core's wiring calls it for Spring, bench and tests alike).
 */
public record Collections(CollectionCatalog catalog, CollectionWrites writes, CollectionSearch search) {

    /**
     * @param embeddings supplies the models, or null when none is configured (then every record and query must
     *                   bring its own vector)
     * @param dimensions the vector dimension of a new collection, per model domain (TEXT, CODE)
     * @param quotas     asked before a collection or records are added
     * @param search     the lexical analysis and BM25 parameters, and how hybrid queries fuse
     */
    public static Collections create(CollectionRepository repository, CollectionIndexer indexer,
                                     Supplier<DualEmbeddingService> embeddings, CollectionLimits limits,
                                     Map<EmbeddingDomain, Integer> dimensions, JsonMapper json, Quotas quotas,
                                     MnemoSettings.Search search) {
        CollectionCatalog catalog = new CollectionCatalog(repository, limits, dimensions, quotas);
        CollectionEmbedder embedder = new CollectionEmbedder(embeddings);
        FilterParser filters = new FilterParser();
        return new Collections(catalog, new CollectionWrites(catalog, repository, embedder, indexer, filters, json, quotas,
                        search.lexical().collectionsAnalyzer()),
                new CollectionSearch(catalog, repository, embedder, filters, search));
    }
}
