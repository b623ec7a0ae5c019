package dev.mnemo.memory;

/**
 * The one error type of the memory layer (events, graph, collections). It says what went wrong in domain terms —
 * which field broke which rule, what was not found — and the HTTP edge alone decides the status code.
 */
public class MemoryException extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT, TOO_LARGE, BUSY, UNAVAILABLE }

    private final Kind kind;
    private final String field;
    private final String rule;

    public MemoryException(Kind kind, String field, String rule, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.field = field;
        this.rule = rule;
    }

    /** Input that breaks a rule: {@code field} is a JSON path such as {@code content} or {@code where.age.$gt}. */
    public static MemoryException invalid(String field, String rule, String message) {
        return new MemoryException(Kind.INVALID, field, rule, message, null);
    }

    public static MemoryException notFound(String what, Object id) {
        return new MemoryException(Kind.NOT_FOUND, null, null, what + " " + id + " not found", null);
    }

    public static MemoryException conflict(String field, String message) {
        return new MemoryException(Kind.CONFLICT, field, "unique", message, null);
    }

    public static MemoryException tooLarge(String field, long limit, long actual) {
        return new MemoryException(Kind.TOO_LARGE, field, "max " + limit,
                field + " has " + actual + " items; the limit is " + limit, null);
    }

    /** Too much costly work in flight; the request may be retried shortly. */
    public static MemoryException busy(String message) {
        return new MemoryException(Kind.BUSY, null, null, message, null);
    }

    /** The database or a model failed; the request may be retried. */
    public static MemoryException unavailable(String message, Throwable cause) {
        return new MemoryException(Kind.UNAVAILABLE, null, null, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
