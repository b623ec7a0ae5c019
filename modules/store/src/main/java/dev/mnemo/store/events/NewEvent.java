package dev.mnemo.store.events;

import dev.mnemo.model.search.Terms;
import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An event to write. Null id / timestamp take the database defaults; null vectors are stored as NULL. {@code terms}:
 * its text as the lexical index sees it, written in the same statement; null leaves it to the backfill (and so does a
 * null id, which the database picks).
 */
public record NewEvent(UUID id, OffsetDateTime timestamp, JsonNode content, JsonNode metadata,
                       float[] embedding, String embeddingModel, float[] embeddingCode, String codeEmbeddingModel,
                       Terms terms) {

    /** An event written without its lexical terms. */
    public NewEvent(UUID id, OffsetDateTime timestamp, JsonNode content, JsonNode metadata, float[] embedding,
                    String embeddingModel, float[] embeddingCode, String codeEmbeddingModel) {
        this(id, timestamp, content, metadata, embedding, embeddingModel, embeddingCode, codeEmbeddingModel, null);
    }
}
