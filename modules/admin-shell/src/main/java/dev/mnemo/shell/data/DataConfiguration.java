package dev.mnemo.shell.data;

import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.memory.EventService;
import dev.mnemo.settings.MnemoSettings;
import dev.mnemo.store.events.EventRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The shell's data operations, built on the store's DatabaseClient, repository and EventService. */
@Configuration(proxyBeanMethods = false)
public class DataConfiguration {

    @Bean
    EmbeddingUpdates embeddingUpdates(DatabaseClient db, TransactionalOperator tx) {
        return new EmbeddingUpdates(db, tx);
    }

    @Bean
    Reindexer reindexer(EventRepository events, EventService eventService, DualEmbeddingService embeddings,
                        EmbeddingUpdates updates) {
        return new Reindexer(events, eventService, embeddings, updates);
    }

    @Bean
    EventExchange eventExchange(DatabaseClient db, EventRepository events, EventService eventService,
                                MnemoSettings settings) {
        return new EventExchange(db, events, eventService, settings);
    }

    @Bean
    DataStats dataStats(DatabaseClient db) {
        return new DataStats(db);
    }
}
