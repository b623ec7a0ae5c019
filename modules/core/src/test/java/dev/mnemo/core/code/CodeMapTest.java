package dev.mnemo.core.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ranking of a repository map: PageRank over the references, rank flowing from callers to what they call. */
class CodeMapTest {

    @Test
    void rankFlowsDownCallChainsAndNoneIsLost() {
        // 1 -> 2 -> 3, 4 -> 3, 5 -> 2: 3 is reached by everything, 2 by three, the callers by nothing.
        Map<Long, Double> rank = CodeMap.pageRank(List.of(new long[] {1, 2}, new long[] {2, 3}, new long[] {4, 3},
                new long[] {5, 2}));
        assertThat(rank.get(3L)).isGreaterThan(rank.get(2L));
        assertThat(rank.get(2L)).isGreaterThan(rank.get(1L));
        assertThat(rank.get(1L)).isEqualTo(rank.get(4L), within(1e-12)).isEqualTo(rank.get(5L), within(1e-12));
        assertThat(rank.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aCycleSharesItsRankEvenly() {
        Map<Long, Double> rank = CodeMap.pageRank(List.of(new long[] {1, 2}, new long[] {2, 3}, new long[] {3, 1}));
        assertThat(rank.get(1L)).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(rank.get(2L)).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(CodeMap.pageRank(List.of())).isEmpty();
    }
}
