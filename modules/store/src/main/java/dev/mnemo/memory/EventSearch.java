package dev.mnemo.memory;

import dev.mnemo.embeddings.EmbeddingDomain;
import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * A search as clients ask it: a query text to embed, or a vector, or neither (filters only); metadata containment;
 * a text the content must contain; a time range; a cosine-distance threshold (null: none). {@code withVectors}: whether
 * each hit carries its stored vectors (MnemoLite's answers do; ~100 KB for 10 hits).
 */
public record EventSearch(String text, float[] vector, EmbeddingDomain domain, JsonNode metadata, String contentContains,
                          OffsetDateTime from,
                          OffsetDateTime to, Double maxDistance, int limit, int offset, boolean withVectors) {

    public EventSearch {
        domain = domain == null ? EmbeddingDomain.TEXT : domain;
    }

    public EventSearch(String text, float[] vector, EmbeddingDomain domain, JsonNode metadata, String contentContains,
                       OffsetDateTime from, OffsetDateTime to, Double maxDistance, int limit, int offset) {
        this(text, vector, domain, metadata, contentContains, from, to, maxDistance, limit, offset, true);
    }

    public EventSearch withVectors(boolean include) {
        return new EventSearch(text, vector, domain, metadata, contentContains, from, to, maxDistance, limit, offset, include);
    }
}
