package dev.mnemo.model.collections;

import dev.mnemo.model.search.Explanation;

/**
 * One result of a collection query: the record (its {@code distance} set when the vector leg found it), the score it
 * was ranked by (BM25 for a lexical query, the fused score for a hybrid one, null for a vector query, which ranks by
 * distance), and why it ranks there when asked ({@code explain}).
 */
public record CollectionHit(CollectionRecord record, Double score, Explanation explanation) {
}
