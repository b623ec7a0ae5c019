package dev.mnemo.api.collections;

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
    CollectionService collectionService(DatabaseClient db, MnemoSettings settings,
                                        ObjectProvider<DualEmbeddingService> embeddings) {
        CollectionLimits limits = CollectionLimits.from(settings);
        CollectionRepository repository = new CollectionRepository(db, JSON, limits.documentFilterTimeout());
        return new CollectionService(repository, embeddings::getIfAvailable, new FilterParser(), limits,
                Map.of(EmbeddingDomain.TEXT, settings.embedding().dimension(),
                        EmbeddingDomain.CODE, settings.embedding().codeDimension()), JSON);
    }
}
