package dev.mnemo.core.error;

/**
 * The one error type of the memory layer (events, graph, collections). It says what went wrong in domain terms —
 * which field broke which rule, what was not found — and the HTTP edge alone decides the status code.
 */
public class ServiceException extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT, TOO_LARGE, QUOTA, BUSY, UNAVAILABLE }

    private final Kind kind;
    private final String field;
    private final String rule;

    public ServiceException(Kind kind, String field, String rule, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.field = field;
        this.rule = rule;
    }

    /** Input that breaks a rule: {@code field} is a JSON path such as {@code content} or {@code where.age.$gt}. */
    public static ServiceException invalid(String field, String rule, String message) {
        return new ServiceException(Kind.INVALID, field, rule, message, null);
    }

    public static ServiceException notFound(String what, Object id) {
        return new ServiceException(Kind.NOT_FOUND, null, null, what + " " + id + " not found", null);
    }

    public static ServiceException conflict(String field, String message) {
        return new ServiceException(Kind.CONFLICT, field, "unique", message, null);
    }

    public static ServiceException tooLarge(String field, long limit, long actual) {
        return new ServiceException(Kind.TOO_LARGE, field, "max " + limit,
                field + " has " + actual + " items; the limit is " + limit, null);
    }

    /**
     * The tenant's quota would be exceeded: {@code field} names it (rows, collections: {@link Kind#QUOTA}; storage:
     * {@link Kind#TOO_LARGE}, the write does not fit).
     */
    public static ServiceException quota(String field, long limit, long held, long adding) {
        return new ServiceException(field.startsWith("storage") ? Kind.TOO_LARGE : Kind.QUOTA, field, "quota " + limit,
                "The tenant's quota of " + field + " is " + limit + "; it holds " + held + " and this write adds " + adding,
                null);
    }

    /** Too much costly work in flight; the request may be retried shortly. */
    public static ServiceException busy(String message) {
        return new ServiceException(Kind.BUSY, null, null, message, null);
    }

    /** The database or a model failed; the request may be retried. */
    public static ServiceException unavailable(String message, Throwable cause) {
        return new ServiceException(Kind.UNAVAILABLE, null, null, message, cause);
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
