package dev.mnemo.core.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges the ranked lists of several search legs (TEXT and CODE vectors today, vector and lexical next) into one
 * ranking. Pure: no I/O, no state, the same input always gives the same order.
 *
 * <ul>
 * <li>{@link #rrf}: reciprocal rank fusion, {@code score(d) = sum over legs of w / (k + rank)}, rank counted from 1.
 * Only ranks matter, so legs whose scores live on different scales (cosine vs BM25) fuse without calibration.
 * k = 60 is the constant of the RRF paper and of LangChain4j: it flattens the head so one leg's first place cannot
 * outvote agreement between legs.</li>
 * <li>{@link #weighted}: each leg's scores min-max normalised to 0..1 (higher is better), then a weighted sum; for
 * legs whose scores are meaningful in proportion, not just in order.</li>
 * </ul>
 *
 * A document missing from a leg gets nothing from that leg; an empty leg changes nothing. Ties are broken by the
 * best rank the document reached in any leg, then by the first leg it appeared in, then by the legs' order: stable
 * pages, no document repeated or skipped between them.
 */
public final class Fusion {

    /** The RRF constant of the paper (Cormack et al. 2009) and of LangChain4j. */
    public static final int RRF_K = 60;

    /** One leg's hit: its key and score (higher is better; ignored by RRF, which uses the position). */
    public record Hit<K>(K key, double score) {
        public Hit {
            Objects.requireNonNull(key);
        }
    }

    /** One leg: hits best first, and its weight (1 for plain RRF). */
    public record Leg<K>(List<Hit<K>> hits, double weight) {
        public Leg {
            hits = List.copyOf(hits);
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("a leg's weight is a finite number >= 0, not " + weight);
            }
        }

        public static <K> Leg<K> of(List<Hit<K>> hits) {
            return new Leg<>(hits, 1.0);
        }
    }

    /** A fused result: the key, its fused score, and its rank in each leg (0: absent from that leg). */
    public record Fused<K>(K key, double score, int[] ranks) {
    }

    private Fusion() {
    }

    public static <K> List<Fused<K>> rrf(List<Leg<K>> legs) {
        return rrf(legs, RRF_K);
    }

    public static <K> List<Fused<K>> rrf(List<Leg<K>> legs, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k is >= 0");
        }
        return fuse(legs, (leg, rank, hit) -> legs.get(leg).weight() / (k + rank));
    }

    public static <K> List<Fused<K>> weighted(List<Leg<K>> legs) {
        double[] min = new double[legs.size()];
        double[] span = new double[legs.size()];
        for (int i = 0; i < legs.size(); i++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Hit<K> h : legs.get(i).hits()) {
                lo = Math.min(lo, h.score());
                hi = Math.max(hi, h.score());
            }
            min[i] = lo;
            span[i] = hi - lo;
        }
        // A leg whose hits all score the same gives each of them its full weight: they are equally good.
        return fuse(legs, (leg, rank, hit) -> legs.get(leg).weight()
                * (span[leg] > 0 ? (hit.score() - min[leg]) / span[leg] : 1.0));
    }

    private interface Contribution<K> {
        double of(int leg, int rank, Hit<K> hit);
    }

    private static final class Acc<K> {
        final K key;
        final int[] ranks;
        final int order;
        double score;
        int bestRank = Integer.MAX_VALUE;

        Acc(K key, int legs, int order) {
            this.key = key;
            this.ranks = new int[legs];
            this.order = order;
        }
    }

    private static <K> List<Fused<K>> fuse(List<Leg<K>> legs, Contribution<K> contribution) {
        Map<K, Acc<K>> byKey = new LinkedHashMap<>();
        for (int leg = 0; leg < legs.size(); leg++) {
            List<Hit<K>> hits = legs.get(leg).hits();
            for (int i = 0; i < hits.size(); i++) {
                Hit<K> hit = hits.get(i);
                int rank = i + 1;
                Acc<K> acc = byKey.computeIfAbsent(hit.key(), key -> new Acc<>(key, legs.size(), byKey.size()));
                if (acc.ranks[leg] != 0) {
                    continue; // a key listed twice in one leg counts once, at its better rank
                }
                acc.ranks[leg] = rank;
                acc.score += contribution.of(leg, rank, hit);
                acc.bestRank = Math.min(acc.bestRank, rank);
            }
        }
        List<Acc<K>> all = new ArrayList<>(byKey.values());
        all.sort(Comparator.<Acc<K>>comparingDouble(a -> -a.score)
                .thenComparingInt(a -> a.bestRank)
                .thenComparingInt(a -> a.order));
        return all.stream().map(a -> new Fused<>(a.key, a.score, a.ranks)).toList();
    }
}
