package dev.mnemo.model.code;

import java.util.List;

/**
 * What an agent reads first about a repository: its most central definitions (by PageRank over calls, extends and
 * implements: what much of the code leads to) within a token budget, as entries and as text (path, then the
 * signatures of the definitions chosen in it, in line order).
 */
public record RepoMap(String repository, int tokenBudget, int tokens, List<Entry> entries, String text) {

    /** One definition on the map: where it is, what it is, and its rank (the ranks of a map sum to at most 1). */
    public record Entry(String path, int line, String kind, String name, String signature, double rank) {
    }
}
