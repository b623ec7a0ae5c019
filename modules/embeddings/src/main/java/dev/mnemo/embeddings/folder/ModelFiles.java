package dev.mnemo.embeddings.folder;

import dev.mnemo.embeddings.ModelDescriptor;
import dev.mnemo.embeddings.ModelLoadException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files of one model, checked to exist, with the descriptor that goes with them. */
public record ModelFiles(Path folder, Path onnx, Path tokenizer, ModelDescriptor descriptor) {

    public static final String ONNX = "model.onnx";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String DESCRIPTOR = "mnemo-model.json";

    /** A user-supplied model folder; fails naming every missing file at once, so one fix is enough. */
    public static ModelFiles inFolder(Path folder, ModelDescriptor descriptor) {
        requireFolder(folder);
        List<String> missing = new ArrayList<>();
        for (String name : List.of(ONNX, TOKENIZER)) {
            if (!Files.isRegularFile(folder.resolve(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelLoadException("Model folder " + folder + " is missing " + String.join(" and ", missing)
                    + " (a model folder holds " + ONNX + ", " + TOKENIZER + " and " + DESCRIPTOR + ")");
        }
        return new ModelFiles(folder, folder.resolve(ONNX), folder.resolve(TOKENIZER), descriptor);
    }

    static void requireFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ModelLoadException("Model folder " + folder + " does not exist or is not a directory;"
                    + " expected a folder holding " + ONNX + ", " + TOKENIZER + " and " + DESCRIPTOR
                    + ", or a bundled model name (all-minilm-l6-v2, bge-small-en-v15)");
        }
    }
}
