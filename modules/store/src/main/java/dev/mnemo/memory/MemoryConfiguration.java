package dev.mnemo.memory;

import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.settings.MnemoSettings;
import dev.mnemo.store.StoreConfiguration;
import dev.mnemo.store.events.EventRepository;
import dev.mnemo.store.graph.GraphRepository;
import io.r2dbc.pool.ConnectionPool;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything both faces (HTTP api and admin shell) share: the store, the embedding service and the orchestration
 * that embeds then stores. Import this one class to get all of it.
 */
@Configuration(proxyBeanMethods = false)
@Import({StoreConfiguration.class, EmbeddingConfiguration.class})
public class MemoryConfiguration {

    @Bean
    TransactionalOperator transactionalOperator(ConnectionPool pool) {
        return TransactionalOperator.create(new R2dbcTransactionManager(pool));
    }

    @Bean
    EventRepository eventRepository(DatabaseClient db, TransactionalOperator tx) {
        return new EventRepository(db, tx, JsonMapper.shared());
    }

    @Bean
    GraphRepository graphRepository(DatabaseClient db) {
        return new GraphRepository(db, JsonMapper.shared());
    }

    @Bean
    GraphService graphService(GraphRepository graph) {
        return new GraphService(graph);
    }

    @Bean
    EventService eventService(EventRepository events, DualEmbeddingService embeddings, MnemoSettings settings) {
        return new EventService(events, embeddings, settings);
    }
}
