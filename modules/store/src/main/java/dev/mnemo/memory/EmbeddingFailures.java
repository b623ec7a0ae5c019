package dev.mnemo.memory;

import dev.mnemo.embeddings.EmbeddingException;
import dev.mnemo.embeddings.InvalidInputException;
import java.util.concurrent.CompletionException;

/** Translates failures of the embedding service into the memory layer's {@link MemoryException}. */
public final class EmbeddingFailures {

    private EmbeddingFailures() {
    }

    /** Bad input stays a 4xx naming {@code field}; a model that cannot load or run is "unavailable". */
    public static MemoryException toMemory(Throwable failure, String field) {
        Throwable e = unwrap(failure);
        if (e instanceof MemoryException m) {
            return m;
        }
        if (e instanceof InvalidInputException) {
            return MemoryException.invalid(field, "embeddable text", e.getMessage());
        }
        if (e instanceof EmbeddingException) {
            return MemoryException.unavailable("Embedding failed: " + e.getMessage(), e);
        }
        return MemoryException.unavailable(String.valueOf(e.getMessage()), e);
    }

    /** CompletableFuture wraps the real failure; callers want the real one. */
    public static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
