package dev.mnemo.embeddings.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits texts sorted by token length into runs whose padded size (texts x longest text) stays within a budget.
 * Sorting first means each run pads only to neighbours of similar length; the budget caps ONNX Runtime's activation
 * memory, which grows with batch x sequence (and attention with batch x sequence squared).
 */
public final class TokenBudget {

    private final int maxBatchTokens;

    public TokenBudget(int maxBatchTokens) {
        this.maxBatchTokens = maxBatchTokens;
    }

    /**
     * @param sortedLengths token lengths in ascending order
     * @return [from, to) index ranges; a text longer than the budget alone forms its own run
     */
    public List<int[]> split(int[] sortedLengths) {
        List<int[]> runs = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < sortedLengths.length; i++) {
            int paddedIfAdded = (i - from + 1) * sortedLengths[i];
            if (i > from && paddedIfAdded > maxBatchTokens) {
                runs.add(new int[] {from, i});
                from = i;
            }
        }
        if (from < sortedLengths.length) {
            runs.add(new int[] {from, sortedLengths.length});
        }
        return runs;
    }
}
