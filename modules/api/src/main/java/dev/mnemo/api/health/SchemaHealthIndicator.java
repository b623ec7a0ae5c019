package dev.mnemo.api.health;

import dev.mnemo.core.schema.SchemaStartup;
import dev.mnemo.model.schema.MigrationStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** "schema": UP only when every migration is applied; part of the readiness group, so traffic waits for it. */
@Component("schema")
public class SchemaHealthIndicator implements HealthIndicator {

    private final SchemaStartup schema;

    public SchemaHealthIndicator(SchemaStartup schema) {
        this.schema = schema;
    }

    @Override
    public Health health() {
        MigrationStatus status = schema.status().upToDate() ? schema.status() : schema.refresh();
        Health.Builder builder = status.upToDate() ? Health.up() : Health.outOfService();
        return builder.withDetail("version", String.valueOf(status.currentVersion()))
                .withDetail("pending", status.pending()).build();
    }
}
