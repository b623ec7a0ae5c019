package dev.mnemo.shell.models;

import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingConfig;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;
import dev.mnemo.embeddings.ModelDescriptor;
import dev.mnemo.embeddings.ModelFolder;
import dev.mnemo.embeddings.ModelSource;
import dev.mnemo.shell.cli.ShellException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a model folder the way the service will use it, without touching the running configuration: the files and
 * descriptor are read, then a temporary DualEmbeddingService (budget from settings, no cache) loads the model and
 * embeds one text. What it "installs" is only the settings lines that select the folder.
 */
public final class ModelInstaller {

    public record Checked(Path folder, ModelDescriptor descriptor, long inferenceMillis, double norm, List<String> settings) {
    }

    private final MnemoSettings settings;

    public ModelInstaller(MnemoSettings settings) {
        this.settings = settings;
    }

    public Checked check(Path folder, EmbeddingDomain domain) {
        Path absolute = folder.toAbsolutePath().normalize();
        ModelDescriptor descriptor = ModelFolder.check(absolute);
        EmbeddingConfig config = EmbeddingConfig.defaults().withPreloadText(false)
                .withBudgetMb(settings.embedding().ramBudgetMb());
        config = domain == EmbeddingDomain.CODE ? config.withCode(ModelSource.of(absolute.toString()))
                : config.withText(ModelSource.of(absolute.toString()));
        long started = System.nanoTime();
        float[] vector;
        try (DualEmbeddingService trial = new DualEmbeddingService(config)) {
            vector = trial.embed("Mnemo model installation check", domain, InputKind.DOCUMENT).join().get(domain);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (vector.length != descriptor.outputDimension()) {
            throw new ShellException("The model in " + absolute + " returned " + vector.length + "-d vectors but "
                    + ModelFolder.DESCRIPTOR + " promises " + descriptor.outputDimension());
        }
        double norm = ModelCommands.norm(vector);
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new ShellException("The model in " + absolute + " returned NaN or infinite values");
            }
        }
        List<String> lines = domain == EmbeddingDomain.CODE
                ? List.of("MNEMO_CODE_MODEL=" + absolute, "MNEMO_EMBEDDING_CODE_DIMENSION=" + descriptor.outputDimension())
                : List.of("MNEMO_TEXT_MODEL=" + absolute, "MNEMO_EMBEDDING_DIMENSION=" + descriptor.outputDimension());
        return new Checked(absolute, descriptor, millis, norm, lines);
    }

    /** Sets the given KEY=value lines in an env file: existing keys are replaced in place, others kept, new ones appended. */
    public static Path writeEnvFile(Path file, List<String> assignments) {
        Map<String, String> wanted = new LinkedHashMap<>();
        assignments.forEach(a -> wanted.put(a.substring(0, a.indexOf('=')), a));
        try {
            List<String> out = new ArrayList<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int eq = line.indexOf('=');
                    String key = eq > 0 ? line.substring(0, eq).strip() : null;
                    out.add(key != null && wanted.containsKey(key) ? wanted.remove(key) : line);
                }
            }
            out.addAll(wanted.values());
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, out, StandardCharsets.UTF_8);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
