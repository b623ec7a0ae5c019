package dev.mnemo.shell.models;

import dev.mnemo.core.schema.Schema;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DomainVectors;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.EmbeddingStats;
import dev.mnemo.embeddings.InputKind;
import dev.mnemo.embeddings.ModelDescriptor;
import dev.mnemo.shell.cli.ShellException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code models ...}: the TEXT and CODE embedding models of this deployment, and checking a new model folder. */
@Component
public class ModelCommands {

    private static final List<EmbeddingDomain> MODELS = List.of(EmbeddingDomain.TEXT, EmbeddingDomain.CODE);

    private final DualEmbeddingService embeddings;
    private final MnemoSettings settings;
    private final Schema schema;

    public ModelCommands(DualEmbeddingService embeddings, MnemoSettings settings, Schema schema) {
        this.embeddings = embeddings;
        this.settings = settings;
        this.schema = schema;
    }

    @Command(name = "models list", group = "Models",
            description = "Configured models: domain, source, dimension, pooling, max tokens, loaded, memory")
    public void list(CommandContext context) {
        PrintWriter out = context.outputWriter();
        EmbeddingStats stats = embeddings.stats();
        out.printf("%-6s %-20s %-5s %-8s %-10s %-8s %s%n", "DOMAIN", "MODEL", "DIM", "POOLING", "MAX-TOKENS", "LOADED", "MEMORY");
        for (EmbeddingDomain domain : MODELS) {
            ModelDescriptor d = embeddings.descriptor(domain);
            EmbeddingStats.ModelStats s = stats.models().get(domain);
            boolean loaded = s != null && s.loaded();
            out.printf("%-6s %-20s %-5d %-8s %-10d %-8s %s%n", domain, d.name(), d.outputDimension(),
                    d.pooling().name().toLowerCase(Locale.ROOT), d.maxTokens(), loaded ? "yes" : "no",
                    loaded ? s.memoryMb() + " MB" : "-");
        }
        out.println("Sources: TEXT " + settings.embedding().textModel() + ", CODE " + settings.embedding().codeModel());
        out.flush();
    }

    @Command(name = "models load", group = "Models", description = "Load a model now: models load TEXT|CODE")
    public void load(CommandContext context, @Argument(index = 0, description = "TEXT or CODE") String domain) {
        EmbeddingDomain model = modelDomain(domain);
        long started = System.nanoTime();
        embeddings.load(model).join();
        EmbeddingStats.ModelStats s = embeddings.stats().models().get(model);
        context.outputWriter().printf("Loaded %s model %s in %d ms (%d MB)%n", model, s.name(),
                (System.nanoTime() - started) / 1_000_000, s.memoryMb());
        context.outputWriter().flush();
    }

    @Command(name = "models unload", group = "Models", description = "Unload a model, freeing its memory: models unload TEXT|CODE")
    public void unload(CommandContext context, @Argument(index = 0, description = "TEXT or CODE") String domain) {
        EmbeddingDomain model = modelDomain(domain);
        boolean wasLoaded = embeddings.isLoaded(model);
        embeddings.unload(model);
        context.outputWriter().println(wasLoaded ? "Unloaded the " + model + " model" : "The " + model + " model was not loaded");
        context.outputWriter().flush();
    }

    @Command(name = "models status", group = "Models", description = "RAM per model, process RSS, JVM heap, budget, cache")
    public void status(CommandContext context) {
        PrintWriter out = context.outputWriter();
        EmbeddingStats stats = embeddings.stats();
        for (EmbeddingDomain domain : MODELS) {
            EmbeddingStats.ModelStats s = stats.models().get(domain);
            out.printf("%-5s %-20s %s  %d inferences in %d batches%n", domain, s.name(),
                    s.loaded() ? "loaded, " + s.memoryMb() + " MB (load " + s.loadMillis() + " ms)" : "not loaded",
                    s.inferences(), s.batches());
        }
        out.printf("Models %d MB of a %d MB budget%s; process RSS %s; JVM heap used %d MB%n", stats.estimatedModelsMb(),
                stats.budgetMb(), stats.budgetExceeded() ? " (OVER BUDGET)" : "",
                stats.processRssMb() < 0 ? "unknown" : stats.processRssMb() + " MB", stats.jvmHeapUsedMb());
        out.printf("Cache %d vectors, %d hits, %d misses%n", stats.cache().size(), stats.cache().hits(), stats.cache().misses());
        out.flush();
    }

    @Command(name = "models verify", group = "Models",
            description = "Check TEXT, CODE and the database column agree on the dimension, with a test inference")
    public void verify(CommandContext context) {
        PrintWriter out = context.outputWriter();
        int text = embeddings.dimension(EmbeddingDomain.TEXT);
        int code = embeddings.dimension(EmbeddingDomain.CODE);
        schema.verifyDimensions(text, code);
        OptionalInt column = schema.textColumn();
        OptionalInt codeColumn = schema.codeColumn();
        if (codeColumn.isPresent() && codeColumn.getAsInt() != code) {
            throw new ShellException("events.embedding_code is vector(" + codeColumn.getAsInt() + ") but the CODE model"
                    + " produces " + code + "-d vectors");
        }
        for (EmbeddingDomain domain : MODELS) {
            float[] v = vector(embeddings.embed("Mnemo model verification", domain, InputKind.DOCUMENT).join(), domain);
            int expected = embeddings.dimension(domain);
            if (v.length != expected) {
                throw new ShellException("The " + domain + " model returned " + v.length + "-d vectors, its descriptor says "
                        + expected);
            }
            out.printf("%-5s %-20s %d-d, test inference ok (norm %.4f)%n", domain, embeddings.descriptor(domain).name(),
                    v.length, norm(v));
        }
        out.println("Database events.embedding " + (column.isPresent() ? "vector(" + column.getAsInt() + ")" : "not created yet")
                + ", events.embedding_code " + (codeColumn.isPresent() ? "vector(" + codeColumn.getAsInt() + ")" : "not created yet"));
        out.println("OK: dimensions agree (" + text + ")");
        out.flush();
    }

    @Command(name = "models embed", group = "Models",
            description = "Embed a text and print the dimension, norm and first values: models embed \"text\" --domain CODE")
    public void embed(CommandContext context,
                      @Argument(index = 0, description = "the text (quote it)") String text,
                      @Option(longName = "domain", description = "TEXT (default) or CODE", defaultValue = "TEXT") String domain,
                      @Option(longName = "query", description = "embed as a search query (adds the model's query prefix)") boolean query) {
        if (text == null || text.isBlank()) {
            throw new ShellException("Nothing to embed: models embed \"some text\" [--domain TEXT|CODE]", 2);
        }
        EmbeddingDomain model = modelDomain(domain);
        long started = System.nanoTime();
        float[] v = vector(embeddings.embed(text, model, query ? InputKind.QUERY : InputKind.DOCUMENT).join(), model);
        long ms = (System.nanoTime() - started) / 1_000_000;
        PrintWriter out = context.outputWriter();
        out.printf("%s model %s, %d-d, norm %.4f, %d ms%n", model, embeddings.descriptor(model).name(), v.length, norm(v), ms);
        StringBuilder first = new StringBuilder("[");
        for (int i = 0; i < Math.min(8, v.length); i++) {
            first.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", v[i]));
        }
        out.println(first.append(v.length > 8 ? ", ...]" : "]"));
        out.flush();
    }

    @Command(name = "models install", group = "Models",
            description = "Check a model folder (files, descriptor, a test inference) and print the settings that select it")
    public void install(CommandContext context,
                        @Argument(index = 0, description = "folder with model.onnx, tokenizer.json, mnemo-model.json") String folder,
                        @Option(longName = "domain", description = "TEXT (default) or CODE", defaultValue = "TEXT") String domain,
                        @Option(longName = "env-file", description = "also write the settings into this env file") String envFile) {
        if (folder == null || folder.isBlank()) {
            throw new ShellException("Which folder? models install <folder> [--domain TEXT|CODE] [--env-file FILE]", 2);
        }
        EmbeddingDomain model = modelDomain(domain);
        ModelInstaller.Checked checked = new ModelInstaller(settings).check(Path.of(folder), model);
        PrintWriter out = context.outputWriter();
        out.printf("Model folder %s: %s, %s pooling, %d-d, max %d tokens; test inference ok in %d ms (norm %.4f)%n",
                checked.folder(), checked.descriptor().name(), checked.descriptor().pooling().name().toLowerCase(Locale.ROOT),
                checked.descriptor().outputDimension(), checked.descriptor().maxTokens(), checked.inferenceMillis(), checked.norm());
        OptionalInt column = schema.textColumn();
        if (column.isPresent() && column.getAsInt() != checked.descriptor().outputDimension()) {
            out.println("WARNING: the database column is vector(" + column.getAsInt() + "); this model needs a database of "
                    + checked.descriptor().outputDimension() + "-d vectors and both models of that dimension (then 'data reindex')");
        }
        out.println("Settings to use it (environment of the service and of this shell):");
        checked.settings().forEach(line -> out.println("  " + line));
        if (envFile != null && !envFile.isBlank()) {
            Path written = ModelInstaller.writeEnvFile(Path.of(envFile), checked.settings());
            out.println("Wrote them to " + written + " (other lines kept); restart the service with it to switch models.");
        } else {
            out.println("Nothing was changed: set these variables (or pass --env-file FILE) and restart the service.");
        }
        out.flush();
    }

    static EmbeddingDomain modelDomain(String value) {
        EmbeddingDomain domain;
        try {
            domain = EmbeddingDomain.parse(value);
        } catch (RuntimeException e) {
            throw new ShellException(e.getMessage(), 2);
        }
        if (!domain.isModel()) {
            throw new ShellException("A model domain is TEXT or CODE (HYBRID uses both models)", 2);
        }
        return domain;
    }

    private static float[] vector(DomainVectors vectors, EmbeddingDomain model) {
        return vectors.get(model);
    }

    static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}
