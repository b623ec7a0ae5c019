package dev.mnemo.core;

import dev.mnemo.core.audit.Audit;
import dev.mnemo.core.code.CodeCatalog;
import dev.mnemo.core.code.CodeGraph;
import dev.mnemo.core.code.CodeIndexer;
import dev.mnemo.core.code.CodeJobs;
import dev.mnemo.core.code.CodeMap;
import dev.mnemo.core.code.CodeSearch;
import dev.mnemo.core.collections.CollectionCatalog;
import dev.mnemo.core.collections.CollectionSearch;
import dev.mnemo.core.collections.CollectionWrites;
import dev.mnemo.core.data.DataStats;
import dev.mnemo.core.data.EventExchange;
import dev.mnemo.core.data.Reindexer;
import dev.mnemo.core.embedding.EmbeddingConfiguration;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.graph.GraphService;
import dev.mnemo.core.health.DatabaseStatus;
import dev.mnemo.core.jobs.CollectionIndexer;
import dev.mnemo.core.schema.Schema;
import dev.mnemo.core.schema.SchemaStartup;
import dev.mnemo.core.quota.Quotas;
import dev.mnemo.core.security.ApiKeys;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.store.db.DatabaseProbe;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.migration.Migrator;
import dev.mnemo.store.schema.SchemaInspector;
import io.r2dbc.pool.ConnectionPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Spring's view of {@link MnemoCore}: the settings, the schema check, the pool, the models, and each service as a
 * bean for the faces (HTTP api, admin shell) to inject. Import this one class to get all of it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MnemoSettings.class)
@Import(EmbeddingConfiguration.class)
public class CoreConfiguration {

    @Bean
    DatabaseUrl databaseUrl(MnemoSettings settings) {
        return DatabaseUrl.parse(settings.db().url()).withCredentials(settings.db().username(), settings.db().password());
    }

    @Bean
    Migrator migrator(DatabaseUrl url, MnemoSettings settings) {
        return new Migrator(url, settings.embedding().dimension());
    }

    @Bean
    SchemaInspector schemaInspector(DatabaseUrl url) {
        return new SchemaInspector(url);
    }

    @Bean
    Schema databaseSchema(Migrator migrator, SchemaInspector inspector, DatabaseUrl url, MnemoSettings settings) {
        return new Schema(migrator, inspector, url, settings);
    }

    @Bean
    SchemaStartup schemaStartup(MnemoSettings settings, Schema schema) {
        return new SchemaStartup(settings, schema);
    }

    /**
     * After the schema: r2dbc-postgresql learns the vector type's codec when a connection opens, so a connection
     * opened before the migration created the extension could never send a vector (every write answered 503).
     */
    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionPool(DatabaseUrl url, MnemoSettings settings, SchemaStartup schemaReady) {
        return MnemoCore.pool(url, settings);
    }

    @Bean
    DatabaseStatus databaseStatus(ConnectionPool pool) {
        return new DatabaseStatus(new DatabaseProbe(DatabaseClient.create(pool), pool));
    }

    @Bean(destroyMethod = "close")
    MnemoCore mnemoCore(MnemoSettings settings, ConnectionPool pool, ObjectProvider<DualEmbeddingService> embeddings) {
        return MnemoCore.builder(settings, pool).embeddings(embeddings::getIfAvailable)
                .indexer(CollectionIndexer.DEFAULT_PARALLELISM, CollectionIndexer.DEFAULT_SWEEP,
                        settings.jobs().collectionIndexer())
                .build();
    }

    @Bean
    EventService eventService(MnemoCore core) {
        return core.events();
    }

    @Bean
    GraphService graphService(MnemoCore core) {
        return core.graph();
    }

    @Bean
    EventExchange eventExchange(MnemoCore core) {
        return core.exchange();
    }

    @Bean
    Reindexer reindexer(MnemoCore core) {
        return core.reindexer();
    }

    @Bean
    Quotas quotas(MnemoCore core) {
        return core.quotas();
    }

    @Bean
    ApiKeys apiKeys(MnemoCore core) {
        return core.keys();
    }

    @Bean
    Audit audit(MnemoCore core) {
        return core.audit();
    }

    @Bean
    DataStats dataStats(MnemoCore core) {
        return core.stats();
    }

    @Bean
    CollectionCatalog collectionCatalog(MnemoCore core) {
        return core.collections().catalog();
    }

    @Bean
    CollectionWrites collectionWrites(MnemoCore core) {
        return core.collections().writes();
    }

    @Bean
    CollectionSearch collectionSearch(MnemoCore core) {
        return core.collections().search();
    }

    @Bean
    CodeIndexer codeIndexer(MnemoCore core) {
        return core.code().indexer();
    }

    @Bean
    CodeCatalog codeCatalog(MnemoCore core) {
        return core.code().catalog();
    }

    @Bean
    CodeGraph codeGraph(MnemoCore core) {
        return core.code().graph();
    }

    @Bean
    CodeMap codeMap(MnemoCore core) {
        return core.code().map();
    }

    @Bean
    CodeJobs codeJobs(MnemoCore core) {
        return core.code().jobs();
    }

    @Bean
    CodeSearch codeSearch(MnemoCore core) {
        return core.code().search();
    }
}
