package dev.mnemo.model.schema;

/** The database could not be reached or inspected while migrating. */
public class MigrationFailedException extends RuntimeException {
    public MigrationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
