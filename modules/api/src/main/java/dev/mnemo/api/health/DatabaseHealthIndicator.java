package dev.mnemo.api.health;

import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** "database": a round trip through the R2DBC pool the service really uses, with pgvector's version. */
@Component("database")
public class DatabaseHealthIndicator implements ReactiveHealthIndicator {

    private final DatabaseClient db;

    public DatabaseHealthIndicator(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Health> health() {
        return db.sql("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
                .map(row -> row.get(0, String.class))
                .one()
                .map(version -> Health.up().withDetail("pgvector", version).build())
                .switchIfEmpty(Mono.fromSupplier(() -> Health.down()
                        .withDetail("error", "pgvector extension is not installed").build()))
                .timeout(Duration.ofSeconds(3))
                .onErrorResume(e -> Mono.just(Health.down()
                        .withDetail("error", e.getClass().getSimpleName()).build()));
    }
}
