package dev.mnemo.store.sql;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;

/**
 * One SQL statement: its text and its parameters, travelling together. Every value is bound as a {@code $n} marker
 * ({@link #bind}); no value is ever pasted into the text. A NULL is bound with its type ({@link #bindNullable}),
 * here and nowhere else: R2DBC cannot send an untyped NULL.
 */
public final class Sql {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> values = new ArrayList<>();

    /** Appends literal SQL written by us (never user input). */
    public Sql append(String sql) {
        text.append(sql);
        return this;
    }

    /** Registers a value and returns its marker ({@code $3}) for use in the text. */
    public String bind(Object value) {
        values.add(Objects.requireNonNull(value, "bound values are never null: use bindNullable"));
        return "$" + values.size();
    }

    /** A value that may be null; a null is bound as a SQL NULL of {@code type}. */
    public String bindNullable(Object value, Class<?> type) {
        return bind(value == null ? Parameter.empty(type) : value);
    }

    public String text() {
        return text.toString();
    }

    /** The values; index 0 is {@code $1}. */
    public List<Object> values() {
        return Collections.unmodifiableList(values);
    }

    /** This statement's text, ready to run with every parameter bound by position. */
    public DatabaseClient.GenericExecuteSpec on(DatabaseClient db) {
        return on(db, text.toString());
    }

    /**
     * {@code sql} (text assembled elsewhere from this statement's markers) with these parameters, all bound at once:
     * bind(i, v) one by one copies the spec's whole binding map each time, quadratic in the parameters.
     */
    public DatabaseClient.GenericExecuteSpec on(DatabaseClient db, String sql) {
        return db.sql(sql).bindValues(values);
    }

    /** This statement on a connection of the caller's, every parameter bound by position. */
    public Statement on(Connection connection) {
        Statement statement = connection.createStatement(text.toString());
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) instanceof Parameter p) {
                if (p.getValue() == null) {
                    statement.bindNull(i, p.getType());
                } else {
                    statement.bind(i, p.getValue());
                }
            } else {
                statement.bind(i, values.get(i));
            }
        }
        return statement;
    }
}
