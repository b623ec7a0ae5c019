package dev.mnemo.memory;

import dev.mnemo.embeddings.EmbeddingDomain;
import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * A search as clients ask it: a query text to embed, or a vector, or neither (filters only); metadata containment;
 * a text the content must contain; a time range; a cosine-distance threshold (null: none).
 */
public record EventSearch(String text, float[] vector, EmbeddingDomain domain, JsonNode metadata, String contentContains,
                          OffsetDateTime from,
                          OffsetDateTime to, Double maxDistance, int limit, int offset) {

    public EventSearch {
        domain = domain == null ? EmbeddingDomain.TEXT : domain;
    }
}
