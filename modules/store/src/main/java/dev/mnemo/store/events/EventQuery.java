package dev.mnemo.store.events;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * A search over events. Vectors are optional: with none, results come newest first; with {@code textVector} and/or
 * {@code codeVector}, nearest first (both: HYBRID, fused by reciprocal rank). {@code maxDistance} is a cosine distance
 * (0..2); null means no threshold. {@code contentContains} keeps events whose content holds that text (case-insensitive).
 */
public record EventQuery(float[] textVector, float[] codeVector, JsonNode metadata, String contentContains,
                         OffsetDateTime from, OffsetDateTime to, Double maxDistance, int limit, int offset) {

    public boolean isVector() {
        return textVector != null || codeVector != null;
    }
}
