package dev.mnemo.api.input;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.search.SearchMode;
import dev.mnemo.core.input.Storable;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.UnknownDomainException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parsing of request values that arrive as text (query parameters, path variables, JSON fields given as strings).
 * Each failure is a 400 naming the field and the rule, never a 500.
 */
public final class Inputs {

    private Inputs() {
    }

    public static UUID uuid(String field, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ServiceException.invalid(field, "uuid", field + " '" + text + "' is not a UUID");
        }
    }

    /**
     * ISO-8601: with an offset, or without one (UTC), or a date alone (its start, UTC); years 1 to 9999. Null or
     * blank: null.
     */
    public static OffsetDateTime timestamp(String field, String text) {
        return Storable.time(field, parseTimestamp(field, text));
    }

    private static OffsetDateTime parseTimestamp(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Storable.text(field, text);
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException ignored) {
            // try the forms without an offset
        }
        try {
            return LocalDateTime.parse(t).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try a date alone
        }
        try {
            return LocalDate.parse(t).atStartOfDay().atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try an instant
        }
        try {
            return Instant.parse(t).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ServiceException.invalid(field, "ISO-8601", field + " '" + text + "' is not an ISO-8601 date-time");
        }
    }

    /** A JSON object given as a string (MnemoLite's filter_metadata); null or blank: null. */
    public static JsonNode jsonObject(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = JsonMapper.shared().readTree(text);
        } catch (JacksonException e) {
            throw ServiceException.invalid(field, "json", field + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw ServiceException.invalid(field, "json object", field + " must be a JSON object");
        }
        return Storable.json(field, node);
    }

    /** A vector given as JSON text ("[0.1, 0.2]"). */
    public static float[] vector(String field, String text) {
        JsonNode node;
        try {
            node = JsonMapper.shared().readTree(text);
        } catch (JacksonException e) {
            throw ServiceException.invalid(field, "json array of numbers", field + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isArray() || node.isEmpty()) {
            throw ServiceException.invalid(field, "json array of numbers", field + " must be a non-empty array of numbers");
        }
        float[] v = new float[node.size()];
        for (int i = 0; i < v.length; i++) {
            if (!node.get(i).isNumber()) {
                throw ServiceException.invalid(field + "[" + i + "]", "number", field + "[" + i + "] is not a number");
            }
            // doubleValue, then narrow: a float accessor throws on 1e39 where we want a 400 naming the field.
            v[i] = (float) node.get(i).doubleValue();
        }
        return Storable.vector(field, v, false);
    }

    public static EmbeddingDomain domain(String field, String text) {
        if (text == null || text.isBlank()) {
            return EmbeddingDomain.TEXT;
        }
        Storable.text(field, text);
        try {
            return EmbeddingDomain.parse(text);
        } catch (UnknownDomainException e) {
            throw ServiceException.invalid(field, "one of TEXT, CODE, HYBRID", e.getMessage());
        }
    }

    /** How a search ranks: vector (the default, MnemoLite's only way), lexical (BM25) or hybrid (both, fused). */
    public static SearchMode mode(String field, String text) {
        if (text == null || text.isBlank()) {
            return SearchMode.VECTOR;
        }
        Storable.text(field, text);
        try {
            return SearchMode.valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid(field, "one of vector, lexical, hybrid",
                    field + " is vector, lexical or hybrid, not '" + text + "'");
        }
    }

    public static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw ServiceException.invalid(field, "between " + min + " and " + max,
                    field + " is " + value + "; it must be between " + min + " and " + max);
        }
        return value;
    }

    public static double range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw ServiceException.invalid(field, "between " + min + " and " + max,
                    field + " is " + value + "; it must be between " + min + " and " + max);
        }
        return value;
    }
}
