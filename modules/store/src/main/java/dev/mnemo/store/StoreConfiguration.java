package dev.mnemo.store;

import dev.mnemo.settings.MnemoSettings;
import dev.mnemo.store.db.ConnectionFactories;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.migration.Migrator;
import dev.mnemo.store.schema.SchemaInspector;
import io.r2dbc.pool.ConnectionPool;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** The database side of Mnemo, shared by the api and the admin shell. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MnemoSettings.class)
public class StoreConfiguration {

    @Bean
    DatabaseUrl databaseUrl(MnemoSettings settings) {
        return DatabaseUrl.parse(settings.db().url()).withCredentials(settings.db().username(), settings.db().password());
    }

    /**
     * After the schema: r2dbc-postgresql learns the vector type's codec when a connection opens, so a connection
     * opened before the migration created the extension could never send a vector (every write answered 503).
     */
    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionPool(DatabaseUrl url, MnemoSettings settings, SchemaStartup schemaReady) {
        return ConnectionFactories.pool(url, settings);
    }

    @Bean
    DatabaseClient databaseClient(ConnectionPool pool) {
        return DatabaseClient.create(pool);
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
    SchemaStartup schemaStartup(MnemoSettings settings, Migrator migrator, SchemaInspector inspector) {
        return new SchemaStartup(settings, migrator, inspector);
    }
}
