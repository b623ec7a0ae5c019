package dev.mnemo.core.events;

import dev.mnemo.embeddings.EmbeddingDomain;
import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An event as a client sends it. {@code embedding} is optional (without it one is generated when auto-generation is
 * on); {@code domain} picks the vectors generated: TEXT (MnemoLite's behaviour), CODE or HYBRID (both).
 */
public record EventDraft(UUID id, OffsetDateTime timestamp, JsonNode content, JsonNode metadata, float[] embedding,
                         EmbeddingDomain domain) {

    public EventDraft {
        domain = domain == null ? EmbeddingDomain.TEXT : domain;
    }
}
