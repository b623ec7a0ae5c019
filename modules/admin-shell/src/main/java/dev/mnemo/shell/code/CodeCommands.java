package dev.mnemo.shell.code;

import dev.mnemo.core.code.CodeCatalog;
import dev.mnemo.core.code.CodeGraph;
import dev.mnemo.core.code.CodeIndexer;
import dev.mnemo.core.code.CodeMap;
import dev.mnemo.core.code.CodeQuery;
import dev.mnemo.core.code.CodeSearch;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.schema.Schema;
import dev.mnemo.core.search.SearchMode;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.code.CallGraph;
import dev.mnemo.model.code.CodeHit;
import dev.mnemo.model.code.RepoMap;
import dev.mnemo.model.code.SourceRepository;
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
import java.util.List;
import java.util.Locale;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/**
 * {@code code ...}: index a folder as a repository (with a progress bar), search it, walk its call graph, list and
 * delete repositories.
 */
@Component
public class CodeCommands {

    private final CodeIndexer indexer;
    private final CodeCatalog catalog;
    private final CodeSearch search;
    private final CodeGraph graph;
    private final CodeMap map;
    private final Schema schema;
    private final Confirmation confirmation;
    private final ShellMode mode;

    public CodeCommands(CodeIndexer indexer, CodeCatalog catalog, CodeSearch search, CodeGraph graph, CodeMap map,
                        Schema schema, Confirmation confirmation, ShellMode mode) {
        this.map = map;
        this.graph = graph;
        this.indexer = indexer;
        this.catalog = catalog;
        this.search = search;
        this.schema = schema;
        this.confirmation = confirmation;
        this.mode = mode;
    }

    @Command(name = "code index", group = "Code",
            description = "Index a folder as a code repository: syntax-aware chunks, CODE vectors, lexical terms, the"
                    + " call graph; again later, only changed files are read (resumable; Ctrl-C stops between batches)")
    public void index(CommandContext context,
                      @Argument(index = 0, description = "the folder to index") String folder,
                      @Option(longName = "name", description = "the repository's name (default: the folder's name)") String name,
                      @Option(longName = "tenant", description = "whose repository (default: default)", defaultValue = "default") String tenant,
                      @Option(longName = "max-batches", description = "stop after this many batches (0: no limit)", defaultValue = "0") Long maxBatches) {
        requireMigrated();
        if (folder == null || folder.isBlank()) {
            throw new ShellException("Usage: code index <folder> [--name N]", ExitCodes.USAGE);
        }
        Path root = Path.of(folder).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new ShellException(root + " is not a folder", ExitCodes.USAGE);
        }
        String repository = name == null || name.isBlank() ? root.getFileName().toString() : name;
        Tenant owner = TenantOption.parse(tenant);
        long total = indexer.files(root).size();
        CodeIndexer.Report r;
        try (StopRequest stop = StopRequest.watch(maxBatches == null ? 0 : maxBatches)) {
            r = indexer.index(owner, repository, root, new ShellJob(Progress.onStderr("code index", "files", total, mode), stop));
        } catch (ServiceException e) {
            throw new ShellException(e.getMessage(), ExitCodes.USAGE);
        }
        PrintWriter out = context.outputWriter();
        out.printf(Locale.ROOT, "Indexed %s: %d file(s) read, %d unchanged, %d removed; %d chunk(s) written, %d reference(s)"
                        + " resolved%n", r.repository(), r.indexed(), r.unchanged(), r.removed(), r.chunks(), r.edgesResolved());
        out.printf(Locale.ROOT, "Time %.1f s (parse %.1f s, embed %.1f s, write %.1f s): %.1f files/s, %.1f chunks/s%n",
                r.elapsed().toMillis() / 1000.0, r.parse().toMillis() / 1000.0, r.embed().toMillis() / 1000.0,
                r.write().toMillis() / 1000.0, r.filesPerSecond(), r.chunksPerSecond());
        out.flush();
    }

    @Command(name = "code list", group = "Code", description = "The indexed repositories with their files and chunks")
    public void list(CommandContext context,
                     @Option(longName = "tenant", description = "whose repositories (default: default)", defaultValue = "default") String tenant) {
        requireMigrated();
        List<SourceRepository> all = catalog.list(TenantOption.parse(tenant)).block();
        PrintWriter out = context.outputWriter();
        if (all.isEmpty()) {
            out.println("No repositories: 'code index <folder>' adds one");
        }
        for (SourceRepository r : all) {
            out.printf(Locale.ROOT, "%-24s %6d files %8d chunks  indexed %s  %s%n", r.name(), r.files(), r.chunks(),
                    r.indexedAt() == null ? "never" : r.indexedAt().toString(), r.root());
        }
        out.flush();
    }

    @Command(name = "code search", group = "Code", description = "Search indexed code by a question or an identifier")
    public void search(CommandContext context,
                       @Argument(index = 0, description = "the question or identifier") String query,
                       @Option(longName = "mode", description = "vector, lexical or hybrid (default)", defaultValue = "hybrid") String searchMode,
                       @Option(longName = "repository", description = "only this repository") String repository,
                       @Option(longName = "language", description = "only this language (java, python, ...)") String language,
                       @Option(longName = "limit", description = "how many results", defaultValue = "5") Integer limit,
                       @Option(longName = "tenant", description = "whose code (default: default)", defaultValue = "default") String tenant) {
        requireMigrated();
        SearchMode m;
        try {
            m = SearchMode.valueOf(searchMode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ShellException("--mode is vector, lexical or hybrid, not " + searchMode, ExitCodes.USAGE);
        }
        List<CodeHit> hits;
        try {
            hits = search.search(TenantOption.parse(tenant), new CodeQuery(query, m, EmbeddingDomain.CODE, repository,
                    language, null, null, null, limit == null ? 5 : limit, false)).block();
        } catch (ServiceException e) {
            throw new ShellException(e.getMessage(), ExitCodes.USAGE);
        }
        PrintWriter out = context.outputWriter();
        for (CodeHit h : hits) {
            out.printf(Locale.ROOT, "%.3f  %s:%d-%d  %s %s%n", h.score(), h.path(), h.startLine(), h.endLine(), h.kind(),
                    h.name() == null ? "" : h.name());
            if (h.signature() != null) {
                out.println("       " + h.signature());
            }
        }
        if (hits.isEmpty()) {
            out.println("No matches");
        }
        out.flush();
    }

    @Command(name = "code map", group = "Code",
            description = "A repository's most central definitions within a token budget: what to read first")
    public void map(CommandContext context,
                    @Argument(index = 0, description = "the repository") String repository,
                    @Option(longName = "path", description = "only files under this path prefix") String path,
                    @Option(longName = "tokens", description = "the budget, 16-32000", defaultValue = "1024") Integer tokens,
                    @Option(longName = "tenant", description = "whose code (default: default)", defaultValue = "default") String tenant) {
        requireMigrated();
        RepoMap m;
        try {
            m = map.map(TenantOption.parse(tenant), repository, path, tokens == null ? 1024 : tokens).block();
        } catch (ServiceException e) {
            throw new ShellException(e.getMessage(), e.kind() == ServiceException.Kind.NOT_FOUND ? 1 : ExitCodes.USAGE);
        }
        PrintWriter out = context.outputWriter();
        out.print(m.text());
        out.printf(Locale.ROOT, "(%d definitions, %d of %d tokens)%n", m.entries().size(), m.tokens(), m.tokenBudget());
        out.flush();
    }

    @Command(name = "code callers", group = "Code", description = "Who calls a function or method, up to --depth calls away")
    public void callers(CommandContext context,
                        @Argument(index = 0, description = "a qualified (Class.method) or bare name") String symbol,
                        @Option(longName = "repository", description = "only this repository") String repository,
                        @Option(longName = "depth", description = "calls away, 1-5", defaultValue = "1") Integer depth,
                        @Option(longName = "tenant", description = "whose code (default: default)", defaultValue = "default") String tenant) {
        calls(context, symbol, repository, depth, tenant, true);
    }

    @Command(name = "code callees", group = "Code", description = "What a function or method calls, up to --depth calls away")
    public void callees(CommandContext context,
                        @Argument(index = 0, description = "a qualified (Class.method) or bare name") String symbol,
                        @Option(longName = "repository", description = "only this repository") String repository,
                        @Option(longName = "depth", description = "calls away, 1-5", defaultValue = "1") Integer depth,
                        @Option(longName = "tenant", description = "whose code (default: default)", defaultValue = "default") String tenant) {
        calls(context, symbol, repository, depth, tenant, false);
    }

    private void calls(CommandContext context, String symbol, String repository, Integer depth, String tenant,
                       boolean callers) {
        requireMigrated();
        Tenant owner = TenantOption.parse(tenant);
        int d = depth == null ? 1 : depth;
        CallGraph g;
        try {
            g = (callers ? graph.callers(owner, repository, symbol, d) : graph.callees(owner, repository, symbol, d)).block();
        } catch (ServiceException e) {
            throw new ShellException(e.getMessage(), ExitCodes.USAGE);
        }
        PrintWriter out = context.outputWriter();
        for (CallGraph.Step step : g.steps()) {
            CodeHit h = step.chunk();
            out.printf(Locale.ROOT, "%s%s  %s:%d-%d%n", "  ".repeat(step.depth() - 1), h.name(), h.path(), h.startLine(),
                    h.endLine());
        }
        if (g.steps().isEmpty()) {
            out.println("No indexed " + g.direction() + " of " + symbol);
        }
        if (!g.unresolved().isEmpty()) {
            out.println("Also calls (not indexed): " + String.join(", ", g.unresolved()));
        }
        out.flush();
    }

    @Command(name = "code delete", group = "Code", description = "Delete a repository's index (asks; --yes one-shot)")
    public void delete(CommandContext context,
                       @Argument(index = 0, description = "the repository's name") String name,
                       @Option(longName = "tenant", description = "whose repository (default: default)", defaultValue = "default") String tenant,
                       @Option(longName = "yes", shortName = 'y', description = "confirm without asking") boolean yes) {
        requireMigrated();
        confirmation.require(context, yes, "code delete " + name, "deletes every file, chunk and edge indexed from it");
        try {
            catalog.delete(TenantOption.parse(tenant), name).block();
        } catch (ServiceException e) {
            throw new ShellException(e.getMessage());
        }
        context.outputWriter().println("Deleted " + name);
        context.outputWriter().flush();
    }

    private void requireMigrated() {
        if (!schema.migrated()) {
            throw new ShellException("The database schema is not migrated: run 'db migrate' first ('db info' shows where it stands)");
        }
    }
}
