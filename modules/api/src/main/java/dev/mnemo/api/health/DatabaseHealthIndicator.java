package dev.mnemo.api.health;

import dev.mnemo.core.health.DatabaseStatus;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** "database": a round trip through the R2DBC pool the service really uses, with pgvector's version. */
@Component("database")
public class DatabaseHealthIndicator implements ReactiveHealthIndicator {

    private final DatabaseStatus database;

    public DatabaseHealthIndicator(DatabaseStatus database) {
        this.database = database;
    }

    @Override
    public Mono<Health> health() {
        return database.pgvectorVersion()
                .map(version -> Health.up().withDetail("pgvector", version).build())
                .switchIfEmpty(Mono.fromSupplier(() -> Health.down()
                        .withDetail("error", "pgvector extension is not installed").build()))
                .timeout(Duration.ofSeconds(3))
                .onErrorResume(e -> Mono.just(Health.down().withDetail("error", rootCause(e)).build()));
    }

    /** The driver's failure (a refused connection, a timeout), not the wrappers services put around it. */
    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }
}
