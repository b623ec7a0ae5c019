package dev.mnemo.embeddings;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Set;
import java.util.Map;

/**
 * The vectors of one text, one per model domain that embedded it (TEXT, CODE, or both for HYBRID), and the model
 * domains that saw only the first {@code maxTokens} tokens of it ({@code truncated}).
 */
public record DomainVectors(Map<EmbeddingDomain, float[]> vectors, Set<EmbeddingDomain> truncated) {

    public DomainVectors {
        vectors = Collections.unmodifiableMap(new EnumMap<>(vectors));
        truncated = truncated.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(truncated));
    }

    public DomainVectors(Map<EmbeddingDomain, float[]> vectors) {
        this(vectors, Set.of());
    }

    /** The vector of a model domain, or null when that model did not embed this text. */
    public float[] get(EmbeddingDomain modelDomain) {
        return vectors.get(modelDomain);
    }

    public float[] text() {
        return get(EmbeddingDomain.TEXT);
    }

    public float[] code() {
        return get(EmbeddingDomain.CODE);
    }
}
