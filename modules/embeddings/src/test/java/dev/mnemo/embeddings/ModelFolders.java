package dev.mnemo.embeddings;

import dev.mnemo.embeddings.bundled.BundledModel;
import dev.mnemo.embeddings.bundled.BundledModelFiles;
import dev.mnemo.embeddings.folder.ModelFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Builds model folders on disk from the bundled files, the way an operator would lay out a real model. */
final class ModelFolders {

    private ModelFolders() {
    }

    static ModelFiles bundled(BundledModel model) {
        return BundledModelFiles.fromEnvironment().extract(model);
    }

    /** A folder with the bundled MiniLM's model.onnx and tokenizer.json (symlinked: 90 MB) and the given descriptor. */
    static Path miniLmFolder(Path parent, String name, String descriptorJson) {
        ModelFiles files = bundled(BundledModel.ALL_MINILM_L6_V2);
        Path folder = parent.resolve(name);
        try {
            Files.createDirectories(folder);
            Files.createSymbolicLink(folder.resolve(ModelFiles.ONNX), files.onnx());
            Files.copy(files.tokenizer(), folder.resolve(ModelFiles.TOKENIZER));
            Files.writeString(folder.resolve(ModelFiles.DESCRIPTOR), descriptorJson);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String miniLmDescriptor(String name, int dimension, String extraJson) {
        return "{\"name\": \"" + name + "\", \"pooling\": \"mean\", \"dimension\": " + dimension
                + ", \"maxTokens\": 256, \"normalize\": true" + extraJson + "}";
    }

    /** Defaults without preloading, so each test controls when models load. */
    static EmbeddingConfig config() {
        EmbeddingConfig d = EmbeddingConfig.defaults();
        return new EmbeddingConfig(d.text(), d.code(), d.budgetMb(), d.cacheSize(), d.inferenceThreads(), false,
                Duration.ofMillis(2), d.maxBatchTokens(), d.maxInputChars());
    }
}
