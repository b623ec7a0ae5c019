package dev.mnemo.embeddings.bundled;

import dev.mnemo.embeddings.ModelDescriptor;
import dev.mnemo.embeddings.Pooling;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The models whose files ship inside LangChain4j's model jars. Only the files are used; the descriptors below are ours,
 * because the jars carry no config.json (values from the models' model cards, checked against the ONNX outputs).
 */
public enum BundledModel {
    // The tokenizer.json truncates and pads to 128, but the model was trained for 256: we set 256 ourselves.
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
            new ModelDescriptor("all-minilm-l6-v2", Pooling.MEAN, 384, 256, true, "", "", null),
            List.of("sentence-transformers/all-MiniLM-L6-v2", "all-MiniLM-L6-v2")),
    // bge-small-en-v1.5 recommends this query instruction for retrieval; documents get none.
    BGE_SMALL_EN_V15("bge-small-en-v15", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json",
            new ModelDescriptor("bge-small-en-v15", Pooling.CLS, 384, 512, true,
                    "Represent this sentence for searching relevant passages: ", "", null),
            List.of("BAAI/bge-small-en-v1.5", "bge-small-en-v1.5"));

    private final String modelName;
    private final String onnxResource;
    private final String tokenizerResource;
    private final ModelDescriptor descriptor;
    private final List<String> aliases;

    BundledModel(String modelName, String onnxResource, String tokenizerResource, ModelDescriptor descriptor,
                 List<String> aliases) {
        this.modelName = modelName;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.descriptor = descriptor;
        this.aliases = aliases;
    }

    public String modelName() {
        return modelName;
    }

    public String onnxResource() {
        return onnxResource;
    }

    public String tokenizerResource() {
        return tokenizerResource;
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** The bundled model a spec names (its name or an alias, case-insensitive), if any. */
    public static Optional<BundledModel> find(String spec) {
        String wanted = spec.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> m.modelName.equals(wanted)
                        || m.aliases.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(wanted)))
                .findFirst();
    }
}
