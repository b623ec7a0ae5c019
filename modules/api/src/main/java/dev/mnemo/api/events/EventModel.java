package dev.mnemo.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mnemo.store.events.Event;
import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * MnemoLite's EventModel, field for field; Mnemo adds {@code embedding_code} (only when the event has one).
 */
public record EventModel(UUID id, OffsetDateTime timestamp, JsonNode content, JsonNode metadata, float[] embedding,
                         @JsonProperty("similarity_score") Double similarityScore,
                         @JsonProperty("embedding_code") @JsonInclude(JsonInclude.Include.NON_NULL) float[] embeddingCode) {

    public static EventModel of(Event e) {
        return new EventModel(e.id(), e.timestamp(), e.content(), e.metadata(), e.embedding(), e.similarity(),
                e.embeddingCode());
    }
}
