package dev.mnemo.embeddings;

import java.util.Objects;

/**
 * What Mnemo must know about a model that its ONNX file does not say.
 *
 * @param dimension   the model's native hidden size (checked against the ONNX output at load)
 * @param maxTokens   input is truncated to this many tokens, special tokens included
 * @param truncateDim Matryoshka truncation: keep only the first truncateDim components (before normalising); null = keep all
 */
public record ModelDescriptor(String name, Pooling pooling, int dimension, int maxTokens, boolean normalize,
                              String queryPrefix, String documentPrefix, Integer truncateDim) {

    public ModelDescriptor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        Objects.requireNonNull(pooling, "pooling");
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, was " + dimension);
        }
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must be >= 2, was " + maxTokens);
        }
        if (truncateDim != null && (truncateDim < 1 || truncateDim > dimension)) {
            throw new IllegalArgumentException("truncateDim must be between 1 and dimension (" + dimension
                    + "), was " + truncateDim);
        }
        queryPrefix = queryPrefix == null ? "" : queryPrefix;
        documentPrefix = documentPrefix == null ? "" : documentPrefix;
    }

    /** The length of the vectors callers receive: truncateDim when set, else the native dimension. */
    public int outputDimension() {
        return truncateDim == null ? dimension : truncateDim;
    }

    public String prefixFor(InputKind kind) {
        return kind == InputKind.QUERY ? queryPrefix : documentPrefix;
    }
}
