package dev.mnemo.api.collections;

import dev.mnemo.collections.CollectionIndexer;
import dev.mnemo.collections.CollectionLimits;
import dev.mnemo.collections.CollectionRepository;
import dev.mnemo.collections.CollectionService;
import dev.mnemo.collections.filter.FilterParser;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.settings.MnemoSettings;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/** Wires the store's collection classes (plain classes, no annotations) for the HTTP API. */
@Configuration(proxyBeanMethods = false)
public class CollectionsApiConfiguration {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    CollectionRepository collectionRepository(DatabaseClient db, MnemoSettings settings) {
        CollectionLimits limits = CollectionLimits.from(settings);
        return new CollectionRepository(db, JSON, limits.documentFilterTimeout(), limits.documentFilterPermits());
    }

    /** Background HNSW indexing of written records; stopped with the context (an interrupted pass loses nothing). */
    @Bean(destroyMethod = "close")
    CollectionIndexer collectionIndexer(CollectionRepository repository) {
        return new CollectionIndexer(repository, CollectionIndexer.DEFAULT_PARALLELISM, CollectionIndexer.DEFAULT_SWEEP).start();
    }

    @Bean
    CollectionService collectionService(CollectionRepository repository, CollectionIndexer indexer, MnemoSettings settings,
                                        ObjectProvider<DualEmbeddingService> embeddings) {
        CollectionLimits limits = CollectionLimits.from(settings);
        return new CollectionService(repository, indexer, embeddings::getIfAvailable, new FilterParser(), limits,
                Map.of(EmbeddingDomain.TEXT, settings.embedding().dimension(),
                        EmbeddingDomain.CODE, settings.embedding().codeDimension()), JSON);
    }
}
