package dev.mnemo.model.collections;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * One record: id, optional document, flat metadata (values: string, number, boolean or a list of those) and its
 * embedding (null before embedding). Read results also carry the distance to the query (null for plain reads).
 */
public record CollectionRecord(String id, String document, ObjectNode metadata, float[] embedding, Double distance) {

    public CollectionRecord {
        Objects.requireNonNull(id);
        Objects.requireNonNull(metadata);
    }

    public CollectionRecord withEmbedding(float[] vector) {
        return new CollectionRecord(id, document, metadata, vector, distance);
    }
}
