package dev.mnemo.store.events;

import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** An event to write. Null id / timestamp take the database defaults; null vectors are stored as NULL. */
public record NewEvent(UUID id, OffsetDateTime timestamp, JsonNode content, JsonNode metadata,
                       float[] embedding, String embeddingModel, float[] embeddingCode, String codeEmbeddingModel) {
}
