package dev.mnemo.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mnemo.core.search.Fusion.Fused;
import dev.mnemo.core.search.Fusion.Hit;
import dev.mnemo.core.search.Fusion.Leg;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {

    private static Leg<String> leg(String... keys) {
        return Leg.of(java.util.stream.IntStream.range(0, keys.length)
                .mapToObj(i -> new Hit<>(keys[i], 1.0 / (i + 1))).toList());
    }

    private static List<String> keys(List<Fused<String>> fused) {
        return fused.stream().map(Fused::key).toList();
    }

    @Test
    void rrfScoresAreTheSumOfReciprocalRanks() {
        List<Fused<String>> fused = Fusion.rrf(List.of(leg("a", "b", "c"), leg("c", "a")));
        // a: 1/61 + 1/62; c: 1/63 + 1/61; b: 1/62
        assertThat(keys(fused)).containsExactly("a", "c", "b");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
        assertThat(fused.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
        assertThat(fused.get(1).ranks()).containsExactly(3, 1);
        assertThat(fused.get(2).ranks()).containsExactly(2, 0);
    }

    @Test
    void agreementBeatsOneLegsFirstPlace() {
        // x is first in one leg only; y is second in both: with k = 60, agreement wins.
        assertThat(keys(Fusion.rrf(List.of(leg("x", "y"), leg("z", "y"))))).first().isEqualTo("y");
        // With k = 0 the head dominates: 1/1 > 1/2 + 1/2 is false (equal), so the tie-break decides.
        assertThat(keys(Fusion.rrf(List.of(leg("x", "y"), leg("z", "y")), 0))).startsWith("x");
    }

    @Test
    void tiesAreBrokenByBestRankThenFirstAppearance() {
        // a and b each appear once at rank 1: equal scores, equal best rank; a's leg comes first.
        assertThat(keys(Fusion.rrf(List.of(leg("a"), leg("b"))))).containsExactly("a", "b");
        assertThat(keys(Fusion.rrf(List.of(leg("b"), leg("a"))))).containsExactly("b", "a");
        // Mirrored ranks give equal sums (c = 1/61 + 1/62 = d); c reached rank 1 first, in the first leg.
        List<Fused<String>> tie = Fusion.rrf(List.of(leg("c", "d"), leg("d", "c")));
        assertThat(tie.get(0).score()).isEqualTo(tie.get(1).score());
        assertThat(keys(tie)).containsExactly("c", "d");
    }

    @Test
    void missingAndEmptyLegsChangeNothing() {
        List<Fused<String>> one = Fusion.rrf(List.of(leg("a", "b", "c")));
        List<Fused<String>> withEmpty = Fusion.rrf(List.of(leg("a", "b", "c"), leg()));
        assertThat(keys(withEmpty)).isEqualTo(keys(one));
        for (int i = 0; i < one.size(); i++) {
            assertThat(withEmpty.get(i).score()).isEqualTo(one.get(i).score());
        }
        assertThat(Fusion.rrf(List.<Leg<String>>of())).isEmpty();
        assertThat(Fusion.weighted(List.of(leg(), leg()))).isEmpty();
    }

    @Test
    void aKeyRepeatedInOneLegCountsOnceAtItsBetterRank() {
        List<Fused<String>> fused = Fusion.rrf(List.of(leg("a", "b", "a")));
        assertThat(keys(fused)).containsExactly("a", "b");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 61, within(1e-12));
    }

    @Test
    void weightsScaleEachLeg() {
        Leg<String> text = new Leg<>(leg("a", "b").hits(), 1.0);
        Leg<String> code = new Leg<>(leg("b", "a").hits(), 3.0);
        assertThat(keys(Fusion.rrf(List.of(text, code)))).containsExactly("b", "a");
        Leg<String> off = new Leg<>(leg("b", "a").hits(), 0.0);
        assertThat(keys(Fusion.rrf(List.of(text, off)))).containsExactly("a", "b");
        assertThatThrownBy(() -> new Leg<>(List.<Hit<String>>of(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Leg<>(List.<Hit<String>>of(), Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void weightedFusionNormalisesEachLegsScores() {
        // Leg 1 scores on 0..1, leg 2 on 0..100: normalised, both count alike.
        Leg<String> cosine = Leg.of(List.of(new Hit<>("a", 0.9), new Hit<>("b", 0.5), new Hit<>("c", 0.1)));
        Leg<String> bm25 = Leg.of(List.of(new Hit<>("c", 100.0), new Hit<>("b", 60.0), new Hit<>("a", 0.0)));
        List<Fused<String>> fused = Fusion.weighted(List.of(cosine, bm25));
        // a: 1 + 0 = 1; b: 0.5 + 0.6 = 1.1; c: 0 + 1 = 1
        assertThat(keys(fused)).containsExactly("b", "a", "c");
        assertThat(fused.get(0).score()).isCloseTo(1.1, within(1e-12));
        // a leg whose hits all score alike gives each its full weight
        List<Fused<String>> flat = Fusion.weighted(List.of(Leg.of(List.of(new Hit<>("x", 3.0), new Hit<>("y", 3.0)))));
        assertThat(flat).extracting(Fused::score).containsExactly(1.0, 1.0);
        assertThat(keys(flat)).containsExactly("x", "y");
    }
}
