package dev.mnemo.store.migration;

import dev.mnemo.model.schema.MigrationFailedException;
import dev.mnemo.model.schema.MigrationRefusedException;
import dev.mnemo.model.schema.MigrationStatus;
import dev.mnemo.store.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema migrations (Flyway over JDBC; the runtime uses R2DBC, which Flyway cannot).
 *
 * <p>V1 is MnemoLite's schema. A database MnemoLite created has its tables but no history: Mnemo adopts it by
 * recording a baseline at V1 (the Flyway twin of MnemoLite's no-op Alembic baseline), touching no row, then applies
 * V2+. Migrating below the baseline, or below the current version, is refused: nothing is ever dropped.
 */
public final class Migrator {

    public static final String BASELINE_VERSION = "1";
    public static final String HISTORY_TABLE = "flyway_schema_history";
    private static final Logger log = LoggerFactory.getLogger(Migrator.class);
    private static final List<String> MNEMOLITE_EVENT_COLUMNS = List.of("id", "timestamp", "content", "embedding", "metadata");

    private final DatabaseUrl url;
    private final Flyway flyway;

    public Migrator(DatabaseUrl url, int embeddingDimension) {
        this.url = url;
        this.flyway = Flyway.configure()
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration")
                .table(HISTORY_TABLE)
                .placeholders(Map.of("embedding_dimension", Integer.toString(embeddingDimension)))
                .baselineVersion(BASELINE_VERSION)
                .baselineDescription("MnemoLite schema adopted")
                .connectRetries(3)
                .load();
    }

    /** Adopts a MnemoLite database when there is one, then applies every pending migration. */
    public MigrationStatus migrate() {
        adoptIfMnemoLite();
        MigrateResult result = flyway.migrate();
        log.info("Migrations: {} applied, schema now at V{}", result.migrationsExecuted, result.targetSchemaVersion);
        return status();
    }

    /** Applies pending migrations up to {@code target} only; never goes down. */
    public MigrationStatus migrateTo(String target) {
        MigrationVersion wanted = MigrationVersion.fromVersion(target);
        if (!wanted.isAtLeast(BASELINE_VERSION)) {
            throw new MigrationRefusedException("Refusing to migrate to V" + target + ": V" + BASELINE_VERSION
                    + " is the baseline (MnemoLite's schema) and downgrading below it would drop your events, nodes"
                    + " and edges. Restore a backup to go back.");
        }
        MigrationInfo current = flyway.info().current();
        if (current != null && current.getVersion() != null && current.getVersion().isNewerThan(target)) {
            throw new MigrationRefusedException("Refusing to migrate down from V" + current.getVersion() + " to V"
                    + target + ": Mnemo's migrations only go forward. Restore a backup to go back.");
        }
        adoptIfMnemoLite();
        MigrateResult result = Flyway.configure().configuration(flyway.getConfiguration()).target(wanted).load().migrate();
        log.info("Migrations: {} applied, schema now at V{}", result.migrationsExecuted, result.targetSchemaVersion);
        return status();
    }

    /**
     * Records the baseline on a database MnemoLite created (tables present, no migration history). Returns false when
     * there was nothing to adopt. Refuses a database whose events table is not MnemoLite's.
     */
    public boolean adoptIfMnemoLite() {
        try (Connection c = connect()) {
            if (exists(c, HISTORY_TABLE)) {
                return false;
            }
            if (!exists(c, "events")) {
                refuseForeignTables(c);
                return false;
            }
            List<String> missing = MNEMOLITE_EVENT_COLUMNS.stream().filter(col -> !hasColumn(c, "events", col)).toList();
            if (!missing.isEmpty()) {
                throw new MigrationRefusedException("Table events exists but is not MnemoLite's (missing columns "
                        + missing + "); refusing to adopt " + url.redacted() + ". Point Mnemo at another database.");
            }
        } catch (SQLException e) {
            throw new MigrationFailedException("Cannot inspect " + url.redacted() + ": " + e.getMessage(), e);
        }
        log.info("Adopting the MnemoLite database {}: baseline at V{}, no row touched", url.redacted(), BASELINE_VERSION);
        flyway.baseline();
        return true;
    }

    /** Records the baseline explicitly (admin shell's {@code db baseline}). */
    public MigrationStatus baseline() {
        if (!adoptIfMnemoLite()) {
            throw new MigrationRefusedException("Nothing to baseline on " + url.redacted()
                    + ": it has a migration history already, or no MnemoLite events table.");
        }
        return status();
    }

    public ValidateResult validate() {
        return flyway.validateWithResult();
    }

    public void repair() {
        flyway.repair();
    }

    public MigrationStatus status() {
        var info = flyway.info();
        MigrationInfo current = info.current();
        List<MigrationStatus.Step> steps = Arrays.stream(info.all())
                .map(m -> new MigrationStatus.Step(m.getVersion() == null ? "" : m.getVersion().getVersion(),
                        m.getDescription(), m.getState().getDisplayName(),
                        m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant()))
                .toList();
        return new MigrationStatus(current == null || current.getVersion() == null ? null : current.getVersion().getVersion(),
                info.applied().length, info.pending().length, steps);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    /**
     * A database with tables but neither Mnemo's history nor MnemoLite's events is somebody else's: say so in our
     * words (Flyway's own refusal, "non-empty schema ... use baseline()", suggests the one thing not to do here).
     */
    private void refuseForeignTables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (var st = c.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                + "ORDER BY tablename LIMIT 6");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        if (!tables.isEmpty()) {
            throw new MigrationRefusedException(url.redacted() + " already holds tables " + tables
                    + (tables.size() > 5 ? "..." : "") + " but neither Mnemo's migration history nor MnemoLite's events"
                    + " table; refusing to create Mnemo's schema among them. Point mnemo.db.url at an empty database"
                    + " (make db creates one) or at a MnemoLite database.");
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (var st = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) {
        try (var st = c.prepareStatement(
                "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ? AND NOT attisdropped")) {
            st.setString(1, table);
            st.setString(2, column);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new MigrationFailedException("Cannot inspect table " + table + ": " + e.getMessage(), e);
        }
    }
}
