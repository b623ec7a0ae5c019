package dev.mnemo.model.search;

/**
 * Why a hit ranks where it does: its rank (from 1) and score in each leg that found it (null: that leg did not), and
 * the score it was ranked by (a leg's own score, or the fused one of a hybrid search).
 */
public record Explanation(Leg vector, Leg lexical, double score) {

    /** A hit's place in one leg: rank from 1, and the leg's score (cosine similarity or a distance, or BM25). */
    public record Leg(int rank, double score) {
    }
}
