package dev.mnemo.store;

import java.util.List;

/**
 * The one error type of the store: what PostgreSQL refused or could not do, in database terms. It knows no HTTP
 * status and no request field; core's services say which input it concerns.
 */
public class StoreException extends RuntimeException {

    public enum Kind {
        /** A row with the same key exists ({@link #keys()} names some of them when known). */
        DUPLICATE,
        /** A regular expression PostgreSQL cannot compile. */
        INVALID_PATTERN,
        /** The statement ran past its statement_timeout and was cancelled. */
        TIMEOUT,
        /** The statement's table does not exist (a collection dropped meanwhile). */
        MISSING_TABLE,
        /** A value PostgreSQL refuses to store or compare (SQLSTATE class 22). */
        INVALID_VALUE,
        /** Too many costly statements in flight; try again shortly. */
        BUSY,
        /** The database failed or could not be reached. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final boolean retryable;
    private final List<String> keys;

    public StoreException(Kind kind, boolean retryable, List<String> keys, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryable = retryable;
        this.keys = List.copyOf(keys);
    }

    public StoreException(Kind kind, String message, Throwable cause) {
        this(kind, false, List.of(), message, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether running the same statement again may succeed (a lost connection, a serialization failure, ...). */
    public boolean retryable() {
        return retryable;
    }

    /** The keys a {@link Kind#DUPLICATE} concerns, when the store looked them up (at most ten). */
    public List<String> keys() {
        return keys;
    }
}
