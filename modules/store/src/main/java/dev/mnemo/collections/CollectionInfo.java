package dev.mnemo.collections;

import dev.mnemo.embeddings.EmbeddingDomain;
import java.time.OffsetDateTime;
import tools.jackson.databind.node.ObjectNode;

/** A collection as stored in the catalog; {@code id} names its records table. */
public record CollectionInfo(long id, String name, ObjectNode metadata, EmbeddingDomain domain, Distance distance,
                             HnswParams hnsw, int dimension, OffsetDateTime createdAt) {

    /** The records table: derived from the generated id only. */
    public String table() {
        return CollectionTables.table(id);
    }
}
