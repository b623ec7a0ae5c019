package dev.mnemo.model.events;

import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One stored event. {@code embedding} is the TEXT model's vector (MnemoLite's column), {@code embeddingCode} the CODE
 * model's. {@code similarity} is set on search results only: cosine similarity (1 - cosine distance), or for HYBRID
 * the better of the two domains.
 */
public record Event(UUID id, OffsetDateTime timestamp, JsonNode content, JsonNode metadata,
                    float[] embedding, float[] embeddingCode, Double similarity) {
}
