package dev.mnemo.store;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;

/**
 * Turns what the driver throws into a {@link StoreException}, by SQLSTATE found anywhere in the cause chain. The one
 * place that reads SQLSTATEs: services ask {@link StoreException#kind()} and {@link StoreException#retryable()}.
 */
public final class StoreErrors {

    static final String UNIQUE_VIOLATION = "23505";
    static final String INVALID_REGEX = "2201B";
    static final String QUERY_CANCELED = "57014";
    static final String UNDEFINED_TABLE = "42P01";

    private StoreErrors() {
    }

    /** {@code e} as a StoreException (itself when it is one already). */
    public static StoreException translate(Throwable e) {
        if (e instanceof StoreException s) {
            return s;
        }
        String state = sqlState(e);
        if (INVALID_REGEX.equals(state)) {
            String reason = message(e);
            int colon = reason == null ? -1 : reason.lastIndexOf(": ");
            return new StoreException(StoreException.Kind.INVALID_PATTERN,
                    colon > 0 ? reason.substring(colon + 2) : "invalid regular expression", e);
        }
        if (QUERY_CANCELED.equals(state)) {
            return new StoreException(StoreException.Kind.TIMEOUT, "statement timeout", e);
        }
        if (UNDEFINED_TABLE.equals(state)) {
            return new StoreException(StoreException.Kind.MISSING_TABLE, "no such table", e);
        }
        if (UNIQUE_VIOLATION.equals(state)) {
            return new StoreException(StoreException.Kind.DUPLICATE, "duplicate key", e);
        }
        if (state != null && state.startsWith("22")) {
            return new StoreException(StoreException.Kind.INVALID_VALUE, "value refused (SQLSTATE " + state + ")", e);
        }
        return new StoreException(StoreException.Kind.UNAVAILABLE, transientFailure(e), java.util.List.of(),
                "database failure: " + e, e);
    }

    /**
     * Worth another try: a lost or refused connection, a pool or statement timeout, and the SQLSTATE classes that
     * say "try again" (08 connection, 40 rollback/serialization, 53 resources, 57P operator intervention, 58
     * system). A data exception (class 22: a value PostgreSQL cannot store) fails the same way every time.
     */
    static boolean transientFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException r && r.getSqlState() != null && !r.getSqlState().isEmpty()) {
                String state = r.getSqlState();
                return state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57P") || state.startsWith("58");
            }
            if (t instanceof R2dbcTransientException || t instanceof R2dbcNonTransientResourceException
                    || t instanceof java.net.ConnectException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException r && r.getSqlState() != null) {
                return r.getSqlState();
            }
        }
        return null;
    }

    private static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException) {
                return t.getMessage();
            }
        }
        return e.getMessage();
    }
}
