package dev.mnemo.core.collections;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mnemo.model.collections.Include;

/**
 * The outcome of one NDJSON line: {@code status} is {@code ok} or {@code error} (then {@code error} says why);
 * {@code embedding_truncated} is true when the model embedded only the first tokens of the line's document.
 */
public record LineResult(long line, String id, String status, LineError error,
                         @JsonProperty("embedding_truncated") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean truncated) {

    public record LineError(String field, String rule, String message) {
    }

    public static LineResult ok(long line, String id) {
        return new LineResult(line, id, "ok", null, null);
    }

    public static LineResult error(long line, String id, String field, String rule, String message) {
        return new LineResult(line, id, "error", new LineError(field, rule, message), null);
    }

    public LineResult withTruncated() {
        return new LineResult(line, id, status, error, true);
    }
}
