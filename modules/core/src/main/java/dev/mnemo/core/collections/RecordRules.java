package dev.mnemo.core.collections;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.Include;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules one record must meet, shared by the JSON batch endpoints and the NDJSON stream. Each check names the
 * JSON path of the offending value ({@code metadatas[3].tags[1]}, {@code embeddings[0]}).
 */
public final class RecordRules {

    public static final int MAX_ID_LENGTH = 512;
    public static final int MAX_METADATA_KEYS = 128;
    public static final int MAX_KEY_LENGTH = 256;

    private RecordRules() {
    }

    public static String id(String id, String path) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            throw ServiceException.invalid(path, "length 1.." + MAX_ID_LENGTH, "A record id has 1 to " + MAX_ID_LENGTH + " characters");
        }
        return Storable.text(path, id);
    }

    /** Each id of a by-ids call ({@code ids[i]}). */
    public static void ids(java.util.List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            id(ids.get(i), "ids[" + i + "]");
        }
    }

    public static String document(String document, int maxChars, String path) {
        if (document != null && document.length() > maxChars) {
            throw ServiceException.invalid(path, "max_length", "A document has at most " + maxChars + " characters");
        }
        return Storable.text(path, document);
    }

    /**
     * Flat metadata: string, number or boolean values, or lists of those; keys 1..256 characters not starting with
     * {@code $}. {@code allowNull} admits JSON null values (an update removing a key).
     */
    public static ObjectNode metadata(JsonNode metadata, String path, boolean allowNull) {
        if (metadata == null || metadata.isNull() || metadata.isMissingNode()) {
            return null;
        }
        if (!metadata.isObject()) {
            throw ServiceException.invalid(path, "type", "Metadata is a JSON object");
        }
        if (metadata.size() > MAX_METADATA_KEYS) {
            throw ServiceException.invalid(path, "max " + MAX_METADATA_KEYS, "At most " + MAX_METADATA_KEYS + " metadata keys");
        }
        for (Map.Entry<String, JsonNode> e : metadata.properties()) {
            String at = path + "." + e.getKey();
            String key = e.getKey();
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.startsWith("$")) {
                throw ServiceException.invalid(at, "key", "Metadata keys have 1 to " + MAX_KEY_LENGTH
                        + " characters and do not start with $");
            }
            JsonNode v = e.getValue();
            if (v.isNull() && allowNull) {
                continue;
            }
            if (v.isArray()) {
                int i = 0;
                for (JsonNode item : v.values()) {
                    requireScalar(item, at + "[" + i++ + "]");
                }
            } else {
                requireScalar(v, at);
            }
        }
        Storable.json(path, metadata);
        return (ObjectNode) metadata;
    }

    /** A vector for collection {@code c}: its dimension, finite, and not all zeros when compared by cosine. */
    public static float[] embedding(float[] embedding, CollectionInfo c, String path) {
        if (embedding == null) {
            return null;
        }
        if (embedding.length != c.dimension()) {
            throw ServiceException.invalid(path, "dimension " + c.dimension(), "The embedding has " + embedding.length
                    + " dimensions; this collection's have " + c.dimension());
        }
        return Storable.vector(path, embedding, c.distance() == Distance.COSINE);
    }

    private static void requireScalar(JsonNode v, String path) {
        if (!(v.isString() || v.isNumber() || v.isBoolean())) {
            throw ServiceException.invalid(path, "type", "Metadata values are strings, numbers, booleans or lists of those");
        }
    }

    /** Chroma's include list: which fields a read returns ({@code defaults} when absent). */
    public static java.util.Set<Include> include(java.util.List<String> values, java.util.Set<Include> defaults, String field) {
        if (values == null) {
            return java.util.EnumSet.copyOf(defaults);
        }
        java.util.Set<Include> result = java.util.EnumSet.noneOf(Include.class);
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            try {
                result.add(Include.valueOf(String.valueOf(v).toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ServiceException.invalid(field + "[" + i + "]", "enum",
                        "Unknown include '" + v + "'; allowed: documents, metadatas, distances, embeddings");
            }
        }
        return result;
    }
}
