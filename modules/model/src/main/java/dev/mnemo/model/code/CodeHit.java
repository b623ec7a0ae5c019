package dev.mnemo.model.code;

import dev.mnemo.model.search.Explanation;

/**
 * One result of a code search: where the chunk is (repository, path, lines), what it is (language, kind, qualified
 * name, signature), its text, the score it was ranked by (cosine similarity, BM25, or fused), and why when asked.
 */
public record CodeHit(long id, String repository, String path, String language, String kind, String name,
                      String signature, int startLine, int endLine, String content, double score,
                      Explanation explanation) {

    public CodeHit withScore(double score, Explanation explanation) {
        return new CodeHit(id, repository, path, language, kind, name, signature, startLine, endLine, content, score,
                explanation);
    }
}
