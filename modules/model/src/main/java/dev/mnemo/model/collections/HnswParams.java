package dev.mnemo.model.collections;

/** HNSW build parameters of one collection's index; core's CollectionRules checks pgvector's bounds. */
public record HnswParams(int m, int efConstruction) {

    public static final HnswParams DEFAULTS = new HnswParams(16, 64);
}
