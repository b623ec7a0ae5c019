package dev.mnemo.embeddings;

import dev.mnemo.embeddings.batch.TokenBudget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
