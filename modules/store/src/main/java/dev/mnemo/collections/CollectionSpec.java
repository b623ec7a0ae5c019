package dev.mnemo.collections;

import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.memory.MemoryException;
import dev.mnemo.memory.Storable;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/** What a client asks for when creating a collection, validated on construction. */
public record CollectionSpec(String name, ObjectNode metadata, EmbeddingDomain domain, Distance distance, HnswParams hnsw) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]{1,63}");

    public CollectionSpec {
        requireName(name);
        Objects.requireNonNull(metadata);
        Storable.json("metadata", metadata);
        if (domain == null || !domain.isModel()) {
            throw MemoryException.invalid("embedding_domain", "enum", "embedding_domain is TEXT or CODE");
        }
        Objects.requireNonNull(distance);
        Objects.requireNonNull(hnsw);
    }

    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw MemoryException.invalid("name", "pattern [a-zA-Z0-9._-]{1,63}",
                    "A collection name has 1 to 63 characters among letters, digits, '.', '_' and '-'");
        }
        return name;
    }
}
