package dev.mnemo.core.code;

import dev.mnemo.core.search.SearchMode;
import dev.mnemo.embeddings.EmbeddingDomain;

/**
 * A code search: the question or identifier, how to rank ({@code mode}: vector, lexical, hybrid), which vectors a
 * vector leg compares ({@code domain}: CODE, TEXT or BOTH), optional filters (repository name, language, kind,
 * path glob such as {@code src/**}{@code /*.java}, symbol name), how many results and whether to explain them.
 */
public record CodeQuery(String text, SearchMode mode, EmbeddingDomain domain, String repository, String language,
                        String kind, String path, String symbol, int limit, boolean explain) {
}
