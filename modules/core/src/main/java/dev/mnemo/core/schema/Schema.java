package dev.mnemo.core.schema;

import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.model.schema.MigrationStatus;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.migration.Migrator;
import dev.mnemo.store.schema.DimensionCheck;
import dev.mnemo.store.schema.SchemaInspector;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * The database schema as admins see it: migration history and its steps, the vector columns' dimensions against
 * the configured models, row counts. Blocking (Flyway and JDBC): for start-up and the admin shell.
 */
public final class Schema {

    /** The tables {@link #rowCounts()} reports. */
    static final String[] TABLES = {"events", "nodes", "edges", "collections"};

    /** What {@code validate} found: {@code problems} is empty when the history matches this build. */
    public record Validation(List<String> problems, List<String> warnings) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private final Migrator migrator;
    private final SchemaInspector inspector;
    private final DatabaseUrl url;
    private final MnemoSettings settings;

    public Schema(Migrator migrator, SchemaInspector inspector, DatabaseUrl url, MnemoSettings settings) {
        this.migrator = migrator;
        this.inspector = inspector;
        this.url = url;
        this.settings = settings;
    }

    /** The database, password hidden: for messages. */
    public String database() {
        return url.redacted();
    }

    public MigrationStatus status() {
        return migrator.status();
    }

    public MigrationStatus migrate() {
        return migrator.migrate();
    }

    public MigrationStatus migrateTo(String version) {
        return migrator.migrateTo(version);
    }

    /** Adopts an existing MnemoLite database: records its tables as V1, touching no row. */
    public MigrationStatus baseline() {
        return migrator.baseline();
    }

    /** Removes failed entries and realigns checksums in the history. */
    public MigrationStatus repair() {
        migrator.repair();
        return migrator.status();
    }

    /**
     * Applied migrations against the ones this build ships. Flyway counts a pending migration as invalid; for an
     * admin it is "not applied yet", which the status shows, so pending ones are not problems here.
     */
    public Validation validate() {
        ValidateResult result = migrator.validate();
        Set<String> pending = migrator.status().steps().stream().filter(s -> "Pending".equals(s.state()))
                .map(MigrationStatus.Step::version).collect(Collectors.toSet());
        List<ValidateOutput> invalid = result.invalidMigrations == null ? List.of() : result.invalidMigrations.stream()
                .filter(m -> !pending.contains(m.version)).toList();
        List<String> warnings = result.warnings == null ? List.of() : List.copyOf(result.warnings);
        if (!invalid.isEmpty()) {
            return new Validation(invalid.stream().map(m -> "V" + m.version + " " + firstLine(m.errorDetails.errorMessage))
                    .toList(), warnings);
        }
        if (!result.validationSuccessful && (result.invalidMigrations == null || result.invalidMigrations.isEmpty())) {
            return new Validation(List.of(result.errorDetails == null ? "unknown error"
                    : firstLine(result.errorDetails.errorMessage)), warnings);
        }
        return new Validation(List.of(), warnings);
    }

    /** The dimension of events.embedding (TEXT vectors), empty before the first migration. */
    public OptionalInt textColumn() {
        return inspector.vectorDimension("events", "embedding");
    }

    /** The dimension of events.embedding_code (CODE vectors), empty before V2. */
    public OptionalInt codeColumn() {
        return inspector.vectorDimension("events", "embedding_code");
    }

    /** Whether the schema has every column the services use (the last column added by a migration). */
    public boolean migrated() {
        return codeColumn().isPresent();
    }

    public Map<String, Long> rowCounts() {
        return inspector.rowCounts(TABLES);
    }

    /** @throws dev.mnemo.model.schema.SchemaException when the configured models and the column disagree */
    public void verifyDimensions() {
        verifyDimensions(settings.embedding().dimension(), settings.embedding().codeDimension());
    }

    /** @throws dev.mnemo.model.schema.SchemaException when {@code text}, {@code code} and the column disagree */
    public void verifyDimensions(int text, int code) {
        DimensionCheck.verify(text, code, textColumn());
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }
}
