package dev.mnemo.store;

import dev.mnemo.settings.MnemoSettings;
import dev.mnemo.store.migration.MigrationStatus;
import dev.mnemo.store.migration.Migrator;
import dev.mnemo.store.schema.DimensionCheck;
import dev.mnemo.store.schema.SchemaInspector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Brings the schema up at start-up (when {@code mnemo.db.migrate-on-start}) and refuses to start when the configured
 * dimensions and the database column disagree (unless {@code mnemo.db.check-on-start=false}). Checked before migrating too, so a mismatched MnemoLite database is
 * refused before anything is applied to it.
 */
public final class SchemaStartup implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SchemaStartup.class);

    private final MnemoSettings settings;
    private final Migrator migrator;
    private final SchemaInspector inspector;
    private volatile MigrationStatus status;

    public SchemaStartup(MnemoSettings settings, Migrator migrator, SchemaInspector inspector) {
        this.settings = settings;
        this.migrator = migrator;
        this.inspector = inspector;
    }

    @Override
    public void afterPropertiesSet() {
        if (!settings.db().checkOnStart()) {
            // The admin shell: it must start to diagnose a database that is down or mismatched ('models verify').
            return;
        }
        checkDimensions();
        if (settings.db().migrateOnStart()) {
            status = migrator.migrate();
            checkDimensions();
        } else {
            status = migrator.status();
            if (!status.upToDate()) {
                log.warn("{} migration(s) pending and mnemo.db.migrate-on-start=false: not ready until an admin runs"
                        + " 'db migrate'", status.pending());
            }
        }
    }

    private void checkDimensions() {
        var embedding = settings.embedding();
        DimensionCheck.verify(embedding.dimension(), embedding.codeDimension(),
                inspector.vectorDimension("events", "embedding"));
    }

    /** Re-read after an admin migrates while the service runs. */
    public MigrationStatus refresh() {
        status = migrator.status();
        return status;
    }

    public MigrationStatus status() {
        return status != null ? status : refresh();
    }
}
