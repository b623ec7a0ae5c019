package dev.mnemo.store.sql;

import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * SQL text and its parameters, travelling together. Every value is bound as a {@code $n} marker; no value is ever
 * pasted into the text. Fragments ask for the next marker with {@link #param(Object)}.
 */
public final class BoundSql {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    /** Appends literal SQL written by us (never user input). */
    public BoundSql append(String text) {
        sql.append(text);
        return this;
    }

    /** Registers a value and returns its marker ({@code $3}) for use in the text. */
    public String param(Object value) {
        params.add(value);
        return "$" + params.size();
    }

    public String sql() {
        return sql.toString();
    }

    public List<Object> params() {
        return List.copyOf(params);
    }

    /**
     * A statement ready to run: every parameter bound by position (a typed NULL is Spring's
     * {@link org.springframework.r2dbc.core.Parameter#empty(Class)}).
     */
    public DatabaseClient.GenericExecuteSpec on(DatabaseClient db) {
        // All at once: bind(i, v) one by one copies the spec's whole binding map each time, quadratic in the
        // parameters (a 1 000-row batch insert spent most of its client time there).
        return db.sql(sql.toString()).bindValues(params);
    }
}
