package dev.mnemo.collections;

/** The outcome of one NDJSON line: {@code status} is {@code ok} or {@code error} (then {@code error} says why). */
public record LineResult(long line, String id, String status, LineError error) {

    public record LineError(String field, String rule, String message) {
    }

    public static LineResult ok(long line, String id) {
        return new LineResult(line, id, "ok", null);
    }

    public static LineResult error(long line, String id, String field, String rule, String message) {
        return new LineResult(line, id, "error", new LineError(field, rule, message));
    }
}
