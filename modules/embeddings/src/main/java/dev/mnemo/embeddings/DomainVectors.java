package dev.mnemo.embeddings;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The vectors of one text, one per model domain that embedded it (TEXT, CODE, or both for HYBRID). */
public record DomainVectors(Map<EmbeddingDomain, float[]> vectors) {

    public DomainVectors {
        vectors = Collections.unmodifiableMap(new EnumMap<>(vectors));
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
