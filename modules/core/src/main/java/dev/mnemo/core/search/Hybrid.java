package dev.mnemo.core.search;

import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.model.search.Explanation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The HYBRID mode of every search (events, collections, and what comes next): a vector leg and a lexical leg, each
 * its own best candidates under the same filters, fused by {@link Fusion} as {@code mnemo.search.hybrid} says, one
 * page cut from the fused list, and each hit's place in each leg for {@code explain}. Pure: the searches fetch the
 * legs, this ranks them.
 */
public final class Hybrid {

    private Hybrid() {
    }

    /**
     * One leg's hits, best first: {@code score} is what fusion weighs (higher is better), {@code shown} what
     * {@code explain} reports (a collection's vector leg ranks by -distance and shows the distance).
     */
    public record Leg<T>(List<T> hits, ToDoubleFunction<T> score, ToDoubleFunction<T> shown) {

        public static <T> Leg<T> of(List<T> hits, ToDoubleFunction<T> score) {
            return new Leg<>(hits, score, score);
        }
    }

    /** A fused hit: the item (as the vector leg found it when both did), its fused score, and why (null unless asked). */
    public record Hit<T>(T item, double score, Explanation explanation) {
    }

    public static <K, T> List<Hit<T>> fuse(Leg<T> vector, Leg<T> lexical, Function<T, K> key,
                                           MnemoSettings.Hybrid settings, int offset, int limit, boolean explain) {
        List<Leg<T>> legs = List.of(vector, lexical);
        double[] weights = {settings.vectorWeight(), settings.lexicalWeight()};
        Map<K, T> byKey = new HashMap<>();
        List<Fusion.Leg<K>> ranked = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Leg<T> leg = legs.get(i);
            ranked.add(new Fusion.Leg<>(leg.hits().stream()
                    .map(h -> new Fusion.Hit<>(key.apply(h), leg.score().applyAsDouble(h))).toList(), weights[i]));
            leg.hits().forEach(h -> byKey.putIfAbsent(key.apply(h), h));
        }
        List<Fusion.Fused<K>> fused = settings.fusion() == MnemoSettings.HybridFusion.RRF ? Fusion.rrf(ranked)
                : Fusion.weighted(ranked);
        return fused.stream().skip(offset).limit(limit).map(f -> new Hit<>(byKey.get(f.key()), f.score(),
                explain ? new Explanation(place(f.ranks()[0], vector), place(f.ranks()[1], lexical), f.score()) : null))
                .toList();
    }

    /** Explanations of a one-leg search, parallel to {@code hits}: each hit's rank (after {@code offset}) and score. */
    public static <T> List<Explanation> single(List<T> hits, int offset, ToDoubleFunction<T> shown, boolean vector) {
        List<Explanation> why = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            double score = shown.applyAsDouble(hits.get(i));
            Explanation.Leg leg = new Explanation.Leg(offset + i + 1, score);
            why.add(new Explanation(vector ? leg : null, vector ? null : leg, score));
        }
        return why;
    }

    /** A hit's place in one leg: rank 0 means that leg did not find it. */
    private static <T> Explanation.Leg place(int rank, Leg<T> leg) {
        return rank == 0 ? null : new Explanation.Leg(rank, leg.shown().applyAsDouble(leg.hits().get(rank - 1)));
    }
}
