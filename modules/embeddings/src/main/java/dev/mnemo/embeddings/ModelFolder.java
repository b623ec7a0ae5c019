package dev.mnemo.embeddings;

import dev.mnemo.embeddings.folder.DescriptorFile;
import dev.mnemo.embeddings.folder.ModelFiles;
import java.nio.file.Path;

/** A model in a folder of its own (model.onnx, tokenizer.json, mnemo-model.json), as admins install one. */
public final class ModelFolder {

    /** The descriptor's file name in a model folder. */
    public static final String DESCRIPTOR = ModelFiles.DESCRIPTOR;

    private ModelFolder() {
    }

    /**
     * The folder's descriptor, after checking that every file the model needs is there.
     *
     * @throws ModelLoadException naming what is missing or unreadable
     */
    public static ModelDescriptor check(Path folder) {
        ModelDescriptor descriptor = DescriptorFile.read(folder);
        ModelFiles.inFolder(folder, descriptor);
        return descriptor;
    }
}
