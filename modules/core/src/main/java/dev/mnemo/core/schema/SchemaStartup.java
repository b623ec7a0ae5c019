package dev.mnemo.core.schema;

import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.model.schema.MigrationStatus;
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
    private final Schema schema;
    private volatile MigrationStatus status;

    public SchemaStartup(MnemoSettings settings, Schema schema) {
        this.settings = settings;
        this.schema = schema;
    }

    @Override
    public void afterPropertiesSet() {
        if (!settings.db().checkOnStart()) {
            // The admin shell: it must start to diagnose a database that is down or mismatched ('models verify').
            return;
        }
        schema.verifyDimensions();
        if (settings.db().migrateOnStart()) {
            status = schema.migrate();
            schema.verifyDimensions();
        } else {
            status = schema.status();
            if (!status.upToDate()) {
                log.warn("{} migration(s) pending and mnemo.db.migrate-on-start=false: not ready until an admin runs"
                        + " 'db migrate'", status.pending());
            }
        }
    }

    /** Re-read after an admin migrates while the service runs. */
    public MigrationStatus refresh() {
        status = schema.status();
        return status;
    }

    public MigrationStatus status() {
        return status != null ? status : refresh();
    }
}
