package dev.mnemo.shell.data;

import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One event of an export file (one JSON object per line): the row as stored, vectors and the names of the models
 * that produced them included, so an import restores it exactly. MnemoLite/api exports (no model names) import too.
 */
public record EventLine(UUID id, OffsetDateTime timestamp, JsonNode content, JsonNode metadata,
                        float[] embedding, String embeddingModel, float[] embeddingCode, String codeEmbeddingModel) {

    public String toJson(JsonMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("id", id.toString());
        node.put("timestamp", timestamp.toString());
        node.set("content", content);
        node.set("metadata", metadata);
        putVector(node, "embedding", embedding);
        node.put("embedding_model", embeddingModel);
        putVector(node, "embedding_code", embeddingCode);
        node.put("code_embedding_model", codeEmbeddingModel);
        return json.writeValueAsString(node);
    }

    public static EventLine parse(JsonMapper json, String line) {
        JsonNode node = json.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return new EventLine(
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
