package dev.mnemo.collections.filter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.Parameter;

/**
 * The parameters of one SQL statement, in {@code $n} order. SQL text only ever receives the marker {@link #bind}
 * returns; the value travels here, so SQL and its parameters stay together.
 */
public final class Bindings {

    private final List<Object> values = new ArrayList<>();

    /** Adds a value and returns its marker ({@code $1}, {@code $2}, ...). */
    public String bind(Object value) {
        values.add(Objects.requireNonNull(value, "bound values are never null"));
        return "$" + values.size();
    }

    /** Adds a value that may be null; a null is bound as a typed SQL NULL (R2DBC needs the type of a null). */
    public String bindNullable(Object value, Class<?> type) {
        return bind(value == null ? Parameter.empty(type) : value);
    }

    /** The values; index 0 is {@code $1}. */
    public List<Object> values() {
        return Collections.unmodifiableList(values);
    }

    public int size() {
        return values.size();
    }
}
