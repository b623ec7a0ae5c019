package dev.mnemo.core.collections;

import dev.mnemo.core.search.SearchMode;
import dev.mnemo.model.collections.Include;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A collection query as a caller gives it: query texts or embeddings (one of them), filters on metadata and document,
 * how many results per query, the fields to return, how to rank ({@code mode}, null: VECTOR) and whether to say why.
 */
public record RecordQuery(List<String> texts, List<float[]> vectors, JsonNode where, JsonNode whereDocument,
                          Integer nResults, Set<Include> include, SearchMode mode, boolean explain) {
}
