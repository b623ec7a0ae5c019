package dev.mnemo.collections;

import dev.mnemo.memory.MemoryException;
import io.r2dbc.spi.R2dbcException;

/** Maps PostgreSQL errors (by SQLSTATE, found anywhere in the cause chain) onto {@link MemoryException}. */
final class SqlErrors {

    static final String UNIQUE_VIOLATION = "23505";
    static final String INVALID_REGEX = "2201B";
    static final String QUERY_CANCELED = "57014";
    static final String UNDEFINED_TABLE = "42P01";

    private SqlErrors() {
    }

    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException r && r.getSqlState() != null) {
                return r.getSqlState();
            }
        }
        return null;
    }

    static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException) {
                return t.getMessage();
            }
        }
        return e.getMessage();
    }

    /** The generic mapping: what a caller did not map itself becomes UNAVAILABLE (with its cause kept). */
    static Throwable map(Throwable e, String collection) {
        if (e instanceof MemoryException) {
            return e;
        }
        String state = sqlState(e);
        if (INVALID_REGEX.equals(state)) {
            String reason = message(e);
            int colon = reason.lastIndexOf(": ");
            return MemoryException.invalid("where_document", "regex", "The regex is not valid"
                    + (colon > 0 ? ": " + reason.substring(colon + 2) : ""));
        }
        if (QUERY_CANCELED.equals(state)) {
            return new MemoryException(MemoryException.Kind.INVALID, "where_document", "timeout",
                    "The query exceeded its time limit (a costly regex?); narrow the filter", e);
        }
        if (UNDEFINED_TABLE.equals(state)) {
            return MemoryException.notFound("Collection", collection);
        }
        if (state != null && state.startsWith("22")) {
            return new MemoryException(MemoryException.Kind.INVALID, "body", "storable value",
                    "A value in the request cannot be stored or compared", e);
        }
        return MemoryException.unavailable("The database is unavailable (collection " + collection + ")", e);
    }
}
