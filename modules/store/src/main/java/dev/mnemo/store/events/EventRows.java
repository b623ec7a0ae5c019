package dev.mnemo.store.events;

import dev.mnemo.model.events.Event;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Maps between rows of the events table and {@link Event}; the one place that knows the column types. */
final class EventRows {

    static final String COLUMNS = "id, timestamp, content, metadata, embedding, embedding_code";

    /** The columns of an event, with its vectors or with typed NULLs in their place (nothing to read or send). */
    static String columns(String alias, boolean withVectors) {
        String a = alias.isEmpty() ? "" : alias + ".";
        return a + "id, " + a + "timestamp, " + a + "content, " + a + "metadata, "
                + (withVectors ? a + "embedding, " + a + "embedding_code"
                        : "NULL::vector AS embedding, NULL::vector AS embedding_code");
    }

    private final JsonMapper json;

    EventRows(JsonMapper json) {
        this.json = json;
    }

    Event read(Readable row, boolean withSimilarity) {
        Double similarity = withSimilarity ? row.get("similarity", Double.class) : null;
        return new Event(row.get("id", UUID.class), row.get("timestamp", OffsetDateTime.class),
                tree(row.get("content", Json.class)), tree(row.get("metadata", Json.class)),
                floats(row.get("embedding", Vector.class)), floats(row.get("embedding_code", Vector.class)), similarity);
    }

    Json json(JsonNode node) {
        return Json.of(json.writeValueAsBytes(node));
    }

    String jsonText(JsonNode node) {
        return json.writeValueAsString(node);
    }

    private JsonNode tree(Json value) {
        return value == null ? json.createObjectNode() : json.readTree(value.asArray());
    }

    private static float[] floats(Vector v) {
        return v == null ? null : v.getVector();
    }
}
