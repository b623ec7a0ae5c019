package dev.mnemo.shell.db;

import dev.mnemo.core.schema.Schema;
import dev.mnemo.model.schema.MigrationStatus;
import dev.mnemo.shell.cli.Confirmation;
import dev.mnemo.shell.cli.ShellException;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code db ...}: the schema and its migration history (Flyway over JDBC, through the store's Migrator). */
@Component
public class DbCommands {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final Schema schema;
    private final Confirmation confirmation;

    public DbCommands(Schema schema, Confirmation confirmation) {
        this.schema = schema;
        this.confirmation = confirmation;
    }

    @Command(name = "db info", group = "Database",
            description = "Schema version, applied and pending migrations, vector column dimensions, row counts")
    public void info(CommandContext context) {
        PrintWriter out = context.outputWriter();
        MigrationStatus status = schema.status();
        out.println("Database    " + schema.database());
        out.println("Schema      " + (status.currentVersion() == null ? "no migration history" : "V" + status.currentVersion())
                + " (" + status.applied() + " applied, " + status.pending() + " pending)");
        printSteps(out, status);
        out.println("Vectors     events.embedding " + column(schema.textColumn())
                + ", events.embedding_code " + column(schema.codeColumn()));
        Map<String, Long> counts = schema.rowCounts();
        out.println("Rows        " + (counts.isEmpty() ? "no tables yet"
                : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        out.flush();
    }

    @Command(name = "db migrate", group = "Database",
            description = "Apply pending migrations (adopting a MnemoLite database first); --target N stops at VN")
    public void migrate(CommandContext context,
                        @Option(longName = "target", description = "apply migrations up to this version only") String target) {
        PrintWriter out = context.outputWriter();
        schema.verifyDimensions();
        String before = schema.status().currentVersion();
        MigrationStatus after = target == null || target.isBlank() ? schema.migrate() : schema.migrateTo(target.strip());
        out.println("Migrated " + schema.database() + ": " + (before == null ? "empty" : "V" + before) + " -> V"
                + after.currentVersion() + " (" + after.applied() + " applied, " + after.pending() + " pending)");
        out.flush();
    }

    @Command(name = "db baseline", group = "Database",
            description = "Adopt an existing MnemoLite database: record its schema as V1, touching no row (asks; --yes one-shot)")
    public void baseline(CommandContext context,
                         @Option(longName = "yes", shortName = 'y', description = "confirm without asking") boolean yes) {
        confirmation.require(context, yes, "db baseline", "records " + schema.database()
                + "'s existing tables as schema V1 in a new migration history");
        MigrationStatus status = schema.baseline();
        context.outputWriter().println("Baselined " + schema.database() + " at V" + status.currentVersion() + " ("
                + status.pending() + " pending: run 'db migrate' to apply them). No row was touched.");
        context.outputWriter().flush();
    }

    @Command(name = "db validate", group = "Database",
            description = "Check applied migrations against the ones this build ships (checksums, missing files)")
    public void validate(CommandContext context) {
        Schema.Validation result = schema.validate();
        if (!result.valid()) {
            throw new ShellException("Validation failed for " + schema.database() + ": " + String.join("; ", result.problems())
                    + " ('db repair' realigns the history after an intended change)");
        }
        MigrationStatus status = schema.status();
        context.outputWriter().println("Valid: the migration history of " + schema.database() + " matches this build ("
                + status.applied() + " applied, " + status.pending() + " pending)"
                + (result.warnings().isEmpty() ? "" : " (warnings: " + String.join("; ", result.warnings()) + ")"));
        context.outputWriter().flush();
    }

    @Command(name = "db repair", group = "Database",
            description = "Remove failed migration entries and realign checksums in the history (asks; --yes one-shot)")
    public void repair(CommandContext context,
                       @Option(longName = "yes", shortName = 'y', description = "confirm without asking") boolean yes) {
        confirmation.require(context, yes, "db repair", "rewrites the migration history of " + schema.database()
                + " (removes failed entries, realigns checksums); no table data changes");
        MigrationStatus status = schema.repair();
        context.outputWriter().println("Repaired the migration history of " + schema.database() + ": V"
                + status.currentVersion() + " (" + status.applied() + " applied, " + status.pending() + " pending)");
        context.outputWriter().flush();
    }

    private static void printSteps(PrintWriter out, MigrationStatus status) {
        for (MigrationStatus.Step step : status.steps()) {
            out.printf("  %-6s %-42s %-10s %s%n", step.version().isEmpty() ? "" : "V" + step.version(),
                    step.description(), step.state(), step.installedOn() == null ? "" : WHEN.format(step.installedOn()));
        }
    }

    static String column(OptionalInt dimension) {
        return dimension.isPresent() ? "vector(" + dimension.getAsInt() + ")" : "absent";
    }
}
