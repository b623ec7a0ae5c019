package dev.mnemo.embeddings.onnx;

import dev.mnemo.embeddings.ModelLoadException;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the BERT-style inputs a session declares. ONNX Runtime rejects a feed with an undeclared name, and models
 * differ: nomic-embed-text and jina-embeddings-v2 have no token_type_ids. So we feed exactly what the graph asks for.
 */
public record ModelInputs(boolean attentionMask, boolean tokenTypeIds) {

    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";

    public static ModelInputs from(Set<String> declared, String modelName) {
        if (!declared.contains(INPUT_IDS)) {
            throw new ModelLoadException("Model '" + modelName + "' has no '" + INPUT_IDS + "' input (inputs: "
                    + new TreeSet<>(declared) + "); only BERT-style encoders are supported");
        }
        Set<String> unsupported = new TreeSet<>(declared);
        unsupported.removeAll(Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS));
        if (!unsupported.isEmpty()) {
            throw new ModelLoadException("Model '" + modelName + "' needs inputs Mnemo cannot provide: " + unsupported
                    + " (supported: " + INPUT_IDS + ", " + ATTENTION_MASK + ", " + TOKEN_TYPE_IDS + ")");
        }
        return new ModelInputs(declared.contains(ATTENTION_MASK), declared.contains(TOKEN_TYPE_IDS));
    }
}
