package dev.mnemo.core.search;

/**
 * How a search ranks: by vector similarity (VECTOR), by lexical relevance (LEXICAL, BM25 over a lexical index), or
 * both legs fused by {@link Fusion} (HYBRID). Not to be confused with the embedding domain BOTH (clients' "HYBRID"),
 * which picks the vectors, TEXT and CODE, that a VECTOR search compares.
 *
 * <p>VECTOR is the only mode the services serve until the lexical index exists; a search names its mode so that the
 * lexical leg is added as one more ranking, callers unchanged.
 */
public enum SearchMode {
    VECTOR, LEXICAL, HYBRID
}
