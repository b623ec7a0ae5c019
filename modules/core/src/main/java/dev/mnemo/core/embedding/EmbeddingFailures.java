package dev.mnemo.core.embedding;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.embeddings.EmbeddingException;
import dev.mnemo.embeddings.InvalidInputException;
import java.util.concurrent.CompletionException;

/** Translates failures of the embedding service into the service layer's {@link ServiceException}. */
public final class EmbeddingFailures {

    private EmbeddingFailures() {
    }

    /** Bad input stays a 4xx naming {@code field}; a model that cannot load or run is "unavailable". */
    public static ServiceException toService(Throwable failure, String field) {
        Throwable e = unwrap(failure);
        if (e instanceof ServiceException m) {
            return m;
        }
        if (e instanceof InvalidInputException) {
            return ServiceException.invalid(field, "embeddable text", e.getMessage());
        }
        if (e instanceof EmbeddingException) {
            return ServiceException.unavailable("Embedding failed: " + e.getMessage(), e);
        }
        return ServiceException.unavailable(String.valueOf(e.getMessage()), e);
    }

    /** CompletableFuture wraps the real failure; callers want the real one. */
    public static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
