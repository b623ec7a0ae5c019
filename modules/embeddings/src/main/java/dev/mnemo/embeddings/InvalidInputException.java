package dev.mnemo.embeddings;

/** The text itself cannot be embedded (blank, or longer than the configured limit). */
public final class InvalidInputException extends EmbeddingException {

    public InvalidInputException(String message) {
        super(message);
    }
}
