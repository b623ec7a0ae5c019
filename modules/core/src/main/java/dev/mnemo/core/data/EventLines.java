package dev.mnemo.core.data;

import dev.mnemo.model.events.StoredEvent;
import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The line format of an export file (one JSON object per event): the row as stored, vectors and the names of the models
 * that produced them included, so an import restores it exactly. MnemoLite/api exports (no model names) import too.
 */
final class EventLines {

    private final JsonMapper json = JsonMapper.shared();

    String write(StoredEvent e) {
        ObjectNode node = json.createObjectNode();
        node.put("id", e.id().toString());
        node.put("timestamp", e.timestamp().toString());
        node.set("content", e.content());
        node.set("metadata", e.metadata());
        putVector(node, "embedding", e.embedding());
        node.put("embedding_model", e.embeddingModel());
        putVector(node, "embedding_code", e.embeddingCode());
        node.put("code_embedding_model", e.codeEmbeddingModel());
        return json.writeValueAsString(node);
    }

    StoredEvent read(String line) {
        JsonNode node = json.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return new StoredEvent(
                text(node, "id") == null ? null : UUID.fromString(text(node, "id")),
                text(node, "timestamp") == null ? null : OffsetDateTime.parse(text(node, "timestamp")),
                node.get("content"),
                node.hasNonNull("metadata") ? node.get("metadata") : null,
                vector(node.get("embedding")), text(node, "embedding_model"),
                vector(node.get("embedding_code")), text(node, "code_embedding_model"));
    }

    private static void putVector(ObjectNode node, String field, float[] vector) {
        if (vector == null) {
            node.putNull(field);
            return;
        }
        ArrayNode array = node.putArray(field);
        for (float v : vector) {
            array.add(v);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static float[] vector(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("a vector must be an array of numbers");
        }
        float[] v = new float[node.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isNumber()) {
                throw new IllegalArgumentException("a vector must be an array of numbers");
            }
            v[i] = x.floatValue();
        }
        return v;
    }
}
