package dev.mnemo.embeddings;

/** Root of every failure this module reports; callers can catch one type, the edge maps subtypes to statuses. */
public class EmbeddingException extends RuntimeException {

    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
