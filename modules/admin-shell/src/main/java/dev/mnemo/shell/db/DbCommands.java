package dev.mnemo.shell.db;

import dev.mnemo.shell.cli.Confirmation;
import dev.mnemo.shell.cli.ShellException;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.migration.MigrationStatus;
import dev.mnemo.store.migration.Migrator;
import dev.mnemo.store.schema.SchemaInspector;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code db ...}: the schema and its migration history (Flyway over JDBC, through the store's Migrator). */
@Component
public class DbCommands {

    static final String[] TABLES = {"events", "nodes", "edges", "collections"};
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final Migrator migrator;
    private final SchemaInspector inspector;
    private final DimensionGuard dimensions;
    private final DatabaseUrl url;
    private final Confirmation confirmation;

    public DbCommands(Migrator migrator, SchemaInspector inspector, DatabaseUrl url, Confirmation confirmation,
                      DimensionGuard dimensions) {
        this.dimensions = dimensions;
        this.migrator = migrator;
        this.inspector = inspector;
        this.url = url;
        this.confirmation = confirmation;
    }

    @Command(name = "db info", group = "Database",
            description = "Schema version, applied and pending migrations, vector column dimensions, row counts")
    public void info(CommandContext context) {
        PrintWriter out = context.outputWriter();
        MigrationStatus status = migrator.status();
        out.println("Database    " + url.redacted());
        out.println("Schema      " + (status.currentVersion() == null ? "no migration history" : "V" + status.currentVersion())
                + " (" + status.applied() + " applied, " + status.pending() + " pending)");
        printSteps(out, status);
        out.println("Vectors     events.embedding " + column(inspector.vectorDimension("events", "embedding"))
                + ", events.embedding_code " + column(inspector.vectorDimension("events", "embedding_code")));
        Map<String, Long> counts = inspector.rowCounts(TABLES);
        out.println("Rows        " + (counts.isEmpty() ? "no tables yet"
                : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        out.flush();
    }

    @Command(name = "db migrate", group = "Database",
            description = "Apply pending migrations (adopting a MnemoLite database first); --target N stops at VN")
    public void migrate(CommandContext context,
                        @Option(longName = "target", description = "apply migrations up to this version only") String target) {
        PrintWriter out = context.outputWriter();
        dimensions.verify();
        String before = migrator.status().currentVersion();
        MigrationStatus after = target == null || target.isBlank() ? migrator.migrate() : migrator.migrateTo(target.strip());
        out.println("Migrated " + url.redacted() + ": " + (before == null ? "empty" : "V" + before) + " -> V"
                + after.currentVersion() + " (" + after.applied() + " applied, " + after.pending() + " pending)");
        out.flush();
    }

    @Command(name = "db baseline", group = "Database",
            description = "Adopt an existing MnemoLite database: record its schema as V1, touching no row (asks; --yes one-shot)")
    public void baseline(CommandContext context,
                         @Option(longName = "yes", shortName = 'y', description = "confirm without asking") boolean yes) {
        confirmation.require(context, yes, "db baseline", "records " + url.redacted()
                + "'s existing tables as schema V1 in a new migration history");
        MigrationStatus status = migrator.baseline();
        context.outputWriter().println("Baselined " + url.redacted() + " at V" + status.currentVersion() + " ("
                + status.pending() + " pending: run 'db migrate' to apply them). No row was touched.");
        context.outputWriter().flush();
    }

    @Command(name = "db validate", group = "Database",
            description = "Check applied migrations against the ones this build ships (checksums, missing files)")
    public void validate(CommandContext context) {
        ValidateResult result = migrator.validate();
        MigrationStatus status = migrator.status();
        // Flyway counts a pending migration as invalid; for an admin it is "not applied yet", which 'db info' shows.
        Set<String> pending = status.steps().stream().filter(s -> "Pending".equals(s.state()))
                .map(MigrationStatus.Step::version).collect(Collectors.toSet());
        List<ValidateOutput> invalid = result.invalidMigrations == null ? List.of() : result.invalidMigrations.stream()
                .filter(m -> !pending.contains(m.version)).toList();
        if (!invalid.isEmpty() || (!result.validationSuccessful && (result.invalidMigrations == null
                || result.invalidMigrations.isEmpty()))) {
            String details = invalid.isEmpty()
                    ? (result.errorDetails == null ? "unknown error" : firstLine(result.errorDetails.errorMessage))
                    : invalid.stream().map(m -> "V" + m.version + " " + firstLine(m.errorDetails.errorMessage))
                            .collect(Collectors.joining("; "));
            throw new ShellException("Validation failed for " + url.redacted() + ": " + details
                    + " ('db repair' realigns the history after an intended change)");
        }
        context.outputWriter().println("Valid: the migration history of " + url.redacted() + " matches this build ("
                + status.applied() + " applied, " + status.pending() + " pending)" + warnings(result));
        context.outputWriter().flush();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }

    @Command(name = "db repair", group = "Database",
            description = "Remove failed migration entries and realign checksums in the history (asks; --yes one-shot)")
    public void repair(CommandContext context,
                       @Option(longName = "yes", shortName = 'y', description = "confirm without asking") boolean yes) {
        confirmation.require(context, yes, "db repair", "rewrites the migration history of " + url.redacted()
                + " (removes failed entries, realigns checksums); no table data changes");
        migrator.repair();
        MigrationStatus status = migrator.status();
        context.outputWriter().println("Repaired the migration history of " + url.redacted() + ": V"
                + status.currentVersion() + " (" + status.applied() + " applied, " + status.pending() + " pending)");
        context.outputWriter().flush();
    }

    private static void printSteps(PrintWriter out, MigrationStatus status) {
        for (MigrationStatus.Step step : status.steps()) {
            out.printf("  %-6s %-42s %-10s %s%n", step.version().isEmpty() ? "" : "V" + step.version(),
                    step.description(), step.state(), step.installedOn() == null ? "" : WHEN.format(step.installedOn()));
        }
    }

    private static String warnings(ValidateResult result) {
        return result.warnings == null || result.warnings.isEmpty() ? "" : " (warnings: " + String.join("; ", result.warnings) + ")";
    }

    static String column(OptionalInt dimension) {
        return dimension.isPresent() ? "vector(" + dimension.getAsInt() + ")" : "absent";
    }
}
