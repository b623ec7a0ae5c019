package dev.mnemo.model.code;

import java.time.OffsetDateTime;

/**
 * A folder indexed as code: its name (unique per tenant), the root it was read from, the hash of its last indexed
 * tree (null before the first index), when that was, and how many files and chunks it holds.
 */
public record SourceRepository(long id, String name, String root, String treeHash, OffsetDateTime indexedAt,
                               long files, long chunks) {
}
