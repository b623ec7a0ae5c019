package dev.mnemo.embeddings;

/** Model files are missing, unreadable or corrupt; the message names the path and what is wrong with it. */
public final class ModelLoadException extends EmbeddingException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
