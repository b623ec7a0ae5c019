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

    /** A statement ready to run: every parameter bound by position (a {@link Null} binds a typed NULL). */
    public DatabaseClient.GenericExecuteSpec on(DatabaseClient db) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            spec = value instanceof Null n ? spec.bindNull(i, n.type()) : spec.bind(i, value);
        }
        return spec;
    }

    /** A typed NULL parameter (R2DBC needs the type of a null). */
    public record Null(Class<?> type) {
    }
}
