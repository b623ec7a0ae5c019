package dev.mnemo.store.events;

import dev.mnemo.model.filter.Filter;

/**
 * A search over events. Vectors are optional: with none, results come newest first; with {@code textVector} or
 * {@code codeVector}, nearest first ({@link EventRepository#legs} ranks both, for the caller to fuse).
 * {@code filter} (metadata containment, content text, time bounds; null: none) is rendered once into the statement.
 * {@code maxDistance} is a cosine distance (0..2) cutting each ranking; null means no threshold. {@code withVectors}
 * false reads no vector column (answers are ~25x smaller). {@code scanMatches}: rank the filter's matches exactly,
 * found through the metadata GIN index (for a selective filter); false walks the HNSW graph and lets the filter only
 * check candidates (for a broad one, or no filter).
 */
public record EventQuery(float[] textVector, float[] codeVector, Filter filter, Double maxDistance, int limit,
                         int offset, boolean withVectors, boolean scanMatches) {

    public boolean isVector() {
        return textVector != null || codeVector != null;
    }
}
