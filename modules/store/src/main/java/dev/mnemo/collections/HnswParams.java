package dev.mnemo.collections;

import dev.mnemo.memory.MemoryException;

/** HNSW build parameters of one collection's index (pgvector's bounds; ef_construction at least 2 * m). */
public record HnswParams(int m, int efConstruction) {

    public static final HnswParams DEFAULTS = new HnswParams(16, 64);

    public HnswParams {
        if (m < 2 || m > 100) {
            throw MemoryException.invalid("hnsw.m", "range 2..100", "hnsw.m must be between 2 and 100");
        }
        if (efConstruction < 4 || efConstruction > 1000) {
            throw MemoryException.invalid("hnsw.ef_construction", "range 4..1000",
                    "hnsw.ef_construction must be between 4 and 1000");
        }
        if (efConstruction < 2 * m) {
            throw MemoryException.invalid("hnsw.ef_construction", "min 2*m",
                    "hnsw.ef_construction must be at least 2 * hnsw.m (" + 2 * m + ")");
        }
    }
}
