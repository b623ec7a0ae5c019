package dev.mnemo.core.input;

import dev.mnemo.core.error.ServiceException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What PostgreSQL stores faithfully. Text and {@code jsonb}: no U+0000 (both refuse it, and the driver reported it
 * as a broken connection) and no unpaired UTF-16 surrogate (the UTF-8 encoder silently turns one into '?', so a
 * record id "a\uD800" became "a?" and could not be found by its own id). Checked where input enters, so the error
 * names the field: {@code metadata.tags[2]}, {@code where.$and[0].name}. Times: {@code timestamptz} ends at
 * 4713 BC and 294276 AD, and turned an earlier date into {@code -infinity} without a word.
 */
public final class Storable {

    private Storable() {
    }

    /** The value itself, or INVALID naming {@code field}. Null passes. */
    public static String text(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                throw ServiceException.invalid(field, "no NUL character",
                        field + " contains the character U+0000, which cannot be stored");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ServiceException.invalid(field, "valid UTF-16",
                        field + " contains an unpaired surrogate (\\u" + Integer.toHexString(c) + ") at index " + i);
            }
        }
        return value;
    }

    /** Every key and string of a JSON tree, and every number finite. Null passes. */
    public static JsonNode json(String field, JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            text(field, node.stringValue());
        } else if (node.isNumber()) {
            if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                throw ServiceException.invalid(field, "finite number", field + " is not a finite number");
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                json(field + "[" + i + "]", node.get(i));
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String at = field.isEmpty() ? e.getKey() : field + "." + e.getKey();
                text(at, e.getKey());
                json(at, e.getValue());
            }
        }
        return node;
    }

    /** The years a timestamp may have: beyond them, dates are not calendar dates anyone means. */
    public static final OffsetDateTime EARLIEST = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    public static final OffsetDateTime LATEST = OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.UTC);

    /** The time itself, or INVALID naming {@code field} and the supported range. Null passes. */
    public static OffsetDateTime time(String field, OffsetDateTime value) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            throw ServiceException.invalid(field, "between 0001-01-01 and 9999-12-31",
                    field + " " + value + " is outside the supported range 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
        }
        return value;
    }

    /** A vector of finite numbers that is not all zeros (a cosine distance to it is undefined). */
    public static float[] vector(String field, float[] vector, boolean cosine) {
        boolean zero = true;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw ServiceException.invalid(field, "finite numbers", field + " contains NaN, an infinity or a number"
                        + " beyond the float range");
            }
            zero &= v == 0f;
        }
        if (zero && cosine) {
            throw ServiceException.invalid(field, "not all zeros",
                    field + " is all zeros: its cosine distance to anything is undefined");
        }
        return vector;
    }
}
