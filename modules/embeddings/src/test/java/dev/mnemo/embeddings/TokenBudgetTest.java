package dev.mnemo.embeddings;

import dev.mnemo.embeddings.batch.TokenBudget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBudgetTest {

    @Test
    void runsStayWithinTheBudgetOfTextsTimesLongestText() {
        List<int[]> runs = new TokenBudget(100).split(new int[] {10, 10, 20, 20, 30, 60, 200});
        // [10,10,20,20] -> 4 x 20 = 80; adding 30 -> 5 x 30 = 150 > 100. [30,60] -> 120 > 100, so 30 alone.
        assertEquals(4, runs.size());
        assertArrayEquals(new int[] {0, 4}, runs.get(0));
        assertArrayEquals(new int[] {4, 5}, runs.get(1));
        assertArrayEquals(new int[] {5, 6}, runs.get(2));
        assertArrayEquals(new int[] {6, 7}, runs.get(3), "a text over the budget runs alone, it is never dropped");
    }

    @Test
    void emptyInputMakesNoRuns() {
        assertEquals(0, new TokenBudget(100).split(new int[0]).size());
    }

    @Test
    void shortBatchesAreSplitEvenlyAcrossTheWorkers() {
        int[] lengths = new int[32];
        java.util.Arrays.fill(lengths, 19);
        // Greedy filling of 512 tokens gives 26 + 6; two workers want 16 + 16.
        assertEquals(2, new TokenBudget(512).split(lengths).size());
        List<int[]> runs = new TokenBudget(512).split(lengths, 2);
        assertEquals(2, runs.size());
        assertArrayEquals(new int[] {0, 16}, runs.get(0));
        assertArrayEquals(new int[] {16, 32}, runs.get(1));
    }

    @Test
    void evenSplitsStillRespectTheBudget() {
        int[] lengths = {10, 10, 10, 10, 10, 10, 10, 100};
        for (int[] run : new TokenBudget(120).split(lengths, 2)) {
            int rows = run[1] - run[0];
            assertTrue(rows == 1 || rows * lengths[run[1] - 1] <= 120, java.util.Arrays.toString(run));
        }
        // Too few texts to be worth splitting: one run.
        assertEquals(1, new TokenBudget(512).split(new int[] {5, 6, 7}, 2).size());
        assertEquals(0, new TokenBudget(512).split(new int[0], 2).size());
    }
}
