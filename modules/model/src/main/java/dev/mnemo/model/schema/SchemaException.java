package dev.mnemo.model.schema;

/** The schema is unreachable or does not fit the configuration. */
public class SchemaException extends RuntimeException {
    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
