package dev.mnemo.embeddings;

import dev.mnemo.embeddings.bundled.BundledModel;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a model comes from: the name of a model bundled on the classpath (see {@link BundledModel}, HF-style names
 * accepted as aliases) or a folder holding model.onnx, tokenizer.json and mnemo-model.json.
 */
public record ModelSource(String spec) {

    public ModelSource {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("model source must be a bundled model name or a folder path, was blank");
        }
        spec = spec.trim();
    }

    public static ModelSource of(String spec) {
        return new ModelSource(spec);
    }

    public static ModelSource of(BundledModel model) {
        return new ModelSource(model.modelName());
    }

    public Optional<BundledModel> bundled() {
        return BundledModel.find(spec);
    }

    /** The folder this source names; only meaningful when it is not a bundled name. */
    public Path folder() {
        String expanded = spec.startsWith("~/") ? System.getProperty("user.home") + spec.substring(1) : spec;
        return Path.of(expanded).toAbsolutePath().normalize();
    }
}
