package dev.mnemo.embeddings;

/**
 * One model's vector of one text, and whether the model saw only the first {@code maxTokens} tokens of it (the
 * rest did not reach the vector: callers report it rather than let it pass silently).
 */
public record Embedded(float[] vector, boolean truncated) {

    /** A private copy: the cache keeps the original. */
    public Embedded copy() {
        return new Embedded(vector.clone(), truncated);
    }
}
