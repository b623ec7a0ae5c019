package dev.mnemo.shell.data;

import dev.mnemo.core.data.DataStats;
import dev.mnemo.core.data.EventExchange;
import dev.mnemo.core.data.Reindexer;
import dev.mnemo.core.schema.Schema;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.events.EventCounts;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.shell.cli.Confirmation;
import dev.mnemo.shell.cli.ExitCodes;
import dev.mnemo.shell.cli.Progress;
import dev.mnemo.shell.cli.ShellException;
import dev.mnemo.shell.cli.ShellJob;
import dev.mnemo.shell.cli.ShellMode;
import dev.mnemo.shell.cli.StopRequest;
import dev.mnemo.shell.cli.TenantOption;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code data ...}: counts, re-embedding with the configured models, NDJSON export and import. */
@Component
public class DataCommands {

    private final Reindexer reindexer;
    private final EventExchange exchange;
    private final DataStats stats;
    private final Schema schema;
    private final Confirmation confirmation;
    private final ShellMode mode;

    public DataCommands(Reindexer reindexer, EventExchange exchange, DataStats stats, Schema schema,
                        Confirmation confirmation, ShellMode mode) {
        this.reindexer = reindexer;
        this.exchange = exchange;
        this.stats = stats;
        this.schema = schema;
        this.confirmation = confirmation;
        this.mode = mode;
    }

    @Command(name = "data stats", group = "Data",
            description = "Events with and without TEXT and CODE vectors, per embedding model; nodes and edges (one tenant)")
    public void stats(CommandContext context, @Option(longName = "tenant", description = "whose events (default: default)", defaultValue = "default") String tenant) {
        requireMigrated();
        EventCounts s = stats.read(TenantOption.parse(tenant)).block();
        PrintWriter out = context.outputWriter();
        out.printf("Events  %d%n", s.events());
        out.printf("TEXT    %d with a vector, %d without%s%n", s.withText(), s.events() - s.withText(), models(s.textModels()));
        out.printf("CODE    %d with a vector, %d without%s%n", s.withCode(), s.events() - s.withCode(), models(s.codeModels()));
        out.printf("Graph   %d nodes, %d edges%n", s.nodes(), s.edges());
        out.flush();
    }

    @Command(name = "data reindex", group = "Data",
            description = "Re-embed rows whose vector is not from the configured model, or (--lexical) index rows the"
                    + " lexical index lacks (resumable; asks; --yes one-shot)")
    public void reindex(CommandContext context,
                        @Option(longName = "domain", description = "TEXT (default) or CODE", defaultValue = "TEXT") String domain,
                        @Option(longName = "lexical", description = "build the lexical (BM25) index of events and collection records written before it, instead of vectors") boolean lexical,
                        @Option(longName = "reanalyze", description = "with --lexical: rebuild the whole lexical index with the configured analysis (after changing mnemo.search.lexical.*-analyzer)") boolean reanalyze,
                        @Option(longName = "batch", description = "rows per batch and per transaction", defaultValue = "256") Integer batch,
                        @Option(longName = "max-batches", description = "stop after this many batches (0: no limit)", defaultValue = "0") Long maxBatches,
                        @Option(longName = "yes", shortName = 'y', description = "confirm without asking") boolean yes) {
        requireMigrated();
        if (batch == null || batch < 1 || batch > 10_000) {
            throw new ShellException("--batch must be between 1 and 10000, was " + batch, ExitCodes.USAGE);
        }
        if (reanalyze && !lexical) {
            throw new ShellException("--reanalyze goes with --lexical", ExitCodes.USAGE);
        }
        if (lexical) {
            reindexLexical(context, batch, maxBatches, yes, reanalyze);
            return;
        }
        EmbeddingDomain column = modelDomain(domain);
        String model = reindexer.modelName(column);
        long pending = reindexer.pending(column);
        PrintWriter out = context.outputWriter();
        if (pending == 0) {
            out.println("Nothing to do: every " + column + " vector was produced by " + model);
            out.flush();
            return;
        }
        confirmation.require(context, yes, "data reindex", "re-embeds " + pending + " event(s) with the "
                + column + " model " + model + ", replacing their " + Reindexer.columnName(column) + " vectors");
        Reindexer.Result r;
        try (StopRequest stop = StopRequest.watch(maxBatches == null ? 0 : maxBatches)) {
            r = reindexer.run(column, batch, new ShellJob(Progress.onStderr("reindex " + column, "rows", pending, mode), stop));
        }
        out.printf(Locale.ROOT, "Re-embedded %d row(s) with %s (%s) in %d batch(es), %.1f s, %.1f rows/s%s%n", r.reembedded(),
                r.model(), column, r.batches(), r.elapsed().toMillis() / 1000.0, r.rowsPerSecond(),
                r.skipped() > 0 ? "; " + r.skipped() + " row(s) without text to embed left as they were" : "");
        endOfRun(out, r, "row(s)");
    }

    private void reindexLexical(CommandContext context, int batch, Long maxBatches, boolean yes, boolean reanalyze) {
        PrintWriter out = context.outputWriter();
        if (reanalyze) {
            confirmation.require(context, yes, "data reindex --lexical --reanalyze", "empties the lexical index of every"
                    + " event and collection record and rebuilds it with the configured analysis; until it is rebuilt,"
                    + " lexical and hybrid searches miss what is not indexed yet");
            reindexer.dropLexical();
            yes = true; // asked once
        }
        long pending = reindexer.pendingLexical();
        if (pending == 0) {
            out.println("Nothing to do: every event and collection record is in the lexical index");
            out.flush();
            return;
        }
        confirmation.require(context, yes, "data reindex --lexical", "analyses " + pending
                + " document(s) (events and collection records) and adds them to the lexical index (no model runs)");
        Reindexer.Result r;
        try (StopRequest stop = StopRequest.watch(maxBatches == null ? 0 : maxBatches)) {
            r = reindexer.runLexical(batch, new ShellJob(Progress.onStderr("reindex lexical", "rows", pending, mode), stop));
        }
        out.printf(Locale.ROOT, "Indexed %d document(s) lexically in %d batch(es), %.1f s, %.1f rows/s%n", r.reembedded(),
                r.batches(), r.elapsed().toMillis() / 1000.0, r.rowsPerSecond());
        endOfRun(out, r, "document(s)");
    }

    /** How a reindex ended: when stopped, what is left and how to resume; Ctrl-C exits non-zero. */
    private static void endOfRun(PrintWriter out, Reindexer.Result r, String unit) {
        if (r.stopped()) {
            out.println("Stopped " + (r.interrupted() ? "by Ctrl-C" : "after " + r.batches() + " batch(es)") + ": "
                    + r.remaining() + " " + unit + " still to do. Every finished batch is committed; run the same command"
                    + " again to resume.");
        }
        out.flush();
        if (r.interrupted()) {
            throw new ShellException("data reindex interrupted; run it again to resume", ExitCodes.INTERRUPTED);
        }
    }

    @Command(name = "data export", group = "Data",
            description = "Write one tenant's events as NDJSON (vectors and model names included)")
    public void export(CommandContext context,
                       @Argument(index = 0, description = "the file to write") String file,
                       @Option(longName = "tenant", description = "whose events (default: default)", defaultValue = "default") String tenant,
                       @Option(longName = "force", description = "overwrite an existing file") boolean force) {
        requireMigrated();
        Path path = requireFileArgument(file, "data export <file>");
        if (Files.exists(path) && !force) {
            throw new ShellException(path.toAbsolutePath() + " exists; choose another file or add --force to overwrite it");
        }
        Tenant owner = TenantOption.parse(tenant);
        long total = exchange.count(owner);
        EventExchange.ExportResult r;
        try (StopRequest stop = StopRequest.watch(0)) {
            r = exchange.export(owner, path, new ShellJob(Progress.onStderr("export", "events", total, mode), stop));
        }
        if (r.stopped()) {
            throw new ShellException("Export interrupted after " + r.events() + " event(s); no file was written",
                    ExitCodes.INTERRUPTED);
        }
        context.outputWriter().println("Exported " + r.events() + " event(s) to " + r.file());
        context.outputWriter().flush();
    }

    @Command(name = "data import", group = "Data",
            description = "Read an NDJSON export (ids kept: events already present are skipped, so re-import duplicates nothing)")
    public void importFile(CommandContext context, @Argument(index = 0, description = "the NDJSON file to read") String file,
                           @Option(longName = "tenant", description = "into which tenant (default: default)", defaultValue = "default") String tenant) {
        requireMigrated();
        Path path = requireFileArgument(file, "data import <file>");
        if (!Files.isRegularFile(path)) {
            throw new ShellException("No such file: " + path.toAbsolutePath());
        }
        EventExchange.ImportResult r;
        try (StopRequest stop = StopRequest.watch(0)) {
            r = exchange.importFile(TenantOption.parse(tenant), path, new ShellJob(Progress.onStderr("import", "events", exchange.lines(path), mode), stop));
        }
        context.outputWriter().printf("Imported %s: %d new event(s), %d already present (skipped), %d embedded on import%n",
                path.getFileName(), r.inserted(), r.existing(), r.embedded());
        context.outputWriter().flush();
        if (r.stopped()) {
            throw new ShellException("Import interrupted after line " + r.lines() + "; every finished chunk is committed,"
                    + " run it again to continue (present events are skipped)", ExitCodes.INTERRUPTED);
        }
    }

    private void requireMigrated() {
        if (!schema.migrated()) {
            throw new ShellException("The database schema is not migrated (no events.embedding_code column):"
                    + " run 'db migrate' first ('db info' shows where it stands)");
        }
    }


    private static Path requireFileArgument(String file, String usage) {
        if (file == null || file.isBlank()) {
            throw new ShellException("Which file? " + usage, ExitCodes.USAGE);
        }
        String expanded = file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file;
        return Path.of(expanded);
    }

    private static EmbeddingDomain modelDomain(String value) {
        EmbeddingDomain domain;
        try {
            domain = EmbeddingDomain.parse(value);
        } catch (RuntimeException e) {
            throw new ShellException(e.getMessage(), ExitCodes.USAGE);
        }
        if (!domain.isModel()) {
            throw new ShellException("--domain is TEXT or CODE for a reindex (HYBRID uses both: run both)", ExitCodes.USAGE);
        }
        return domain;
    }

    private static String models(Map<String, Long> perModel) {
        return perModel.isEmpty() ? "" : " (" + perModel.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }
}
