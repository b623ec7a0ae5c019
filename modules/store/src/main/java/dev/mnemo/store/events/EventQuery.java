package dev.mnemo.store.events;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * A search over events. Vectors are optional: with none, results come newest first; with {@code textVector} and/or
 * {@code codeVector}, nearest first (both: HYBRID, fused by reciprocal rank). {@code maxDistance} is a cosine distance
 * (0..2); null means no threshold. {@code contentContains} keeps events whose content holds that text (case-insensitive).
 * {@code withVectors} false reads no vector column (answers are ~25x smaller). {@code scanMatches}: rank the metadata
 * filter's matches exactly, found through the filter's GIN index (for a selective filter); false walks the HNSW
 * graph and lets the filter only check candidates (for a broad one).
 */
public record EventQuery(float[] textVector, float[] codeVector, JsonNode metadata, String contentContains,
                         OffsetDateTime from, OffsetDateTime to, Double maxDistance, int limit, int offset,
                         boolean withVectors, boolean scanMatches) {

    public EventQuery(float[] textVector, float[] codeVector, JsonNode metadata, String contentContains,
                      OffsetDateTime from, OffsetDateTime to, Double maxDistance, int limit, int offset) {
        this(textVector, codeVector, metadata, contentContains, from, to, maxDistance, limit, offset, true, true);
    }

    public boolean isVector() {
        return textVector != null || codeVector != null;
    }
}
