package dev.mnemo.core.collections;

import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
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
            throw ServiceException.invalid("embedding_domain", "enum", "embedding_domain is TEXT or CODE");
        }
        Objects.requireNonNull(distance);
        requireHnsw(hnsw);
    }

    /** The distance named {@code value} (cosine when null). */
    public static Distance distance(String value, String field) {
        if (value == null) {
            return Distance.COSINE;
        }
        return Distance.byWire(value).orElseThrow(() -> ServiceException.invalid(field, "enum",
                "Unknown distance '" + value + "'; allowed: cosine, l2, ip"));
    }

    /** pgvector's bounds, and ef_construction at least 2 * m. */
    private static void requireHnsw(HnswParams hnsw) {
        int m = hnsw.m();
        int ef = hnsw.efConstruction();
        if (m < 2 || m > 100) {
            throw ServiceException.invalid("hnsw.m", "range 2..100", "hnsw.m must be between 2 and 100");
        }
        if (ef < 4 || ef > 1000) {
            throw ServiceException.invalid("hnsw.ef_construction", "range 4..1000",
                    "hnsw.ef_construction must be between 4 and 1000");
        }
        if (ef < 2 * m) {
            throw ServiceException.invalid("hnsw.ef_construction", "min 2*m",
                    "hnsw.ef_construction must be at least 2 * hnsw.m (" + 2 * m + ")");
        }
    }

    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ServiceException.invalid("name", "pattern [a-zA-Z0-9._-]{1,63}",
                    "A collection name has 1 to 63 characters among letters, digits, '.', '_' and '-'");
        }
        return name;
    }
}
