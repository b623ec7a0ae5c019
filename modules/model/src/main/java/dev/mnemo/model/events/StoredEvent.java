package dev.mnemo.model.events;

import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An event row as stored, with the names of the models that produced its vectors: what an export writes and an
 * import reads back.
 */
public record StoredEvent(UUID id, OffsetDateTime timestamp, JsonNode content, JsonNode metadata,
                          float[] embedding, String embeddingModel, float[] embeddingCode, String codeEmbeddingModel) {
}
