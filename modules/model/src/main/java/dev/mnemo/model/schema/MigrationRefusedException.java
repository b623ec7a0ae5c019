package dev.mnemo.model.schema;

/** A migration request that would lose data or adopt a foreign schema; nothing was changed. */
public class MigrationRefusedException extends RuntimeException {
    public MigrationRefusedException(String message) {
        super(message);
    }
}
