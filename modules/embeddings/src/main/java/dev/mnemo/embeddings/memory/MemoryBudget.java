package dev.mnemo.embeddings.memory;

import dev.mnemo.embeddings.BudgetExceededException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.IdentityHashMap;
import java.util.Map;

/** The RAM budget all loaded models share; a model that would not fit is refused, the others keep serving. */
public final class MemoryBudget {

    private static final Logger log = LoggerFactory.getLogger(MemoryBudget.class);
    private static final double WARN_RATIO = 0.9;

    private final long budgetMb;
    // Keyed by the loaded model object: a model being unloaded still counts until it is really closed.
    private final Map<Object, Long> loadedMb = new IdentityHashMap<>();

    public MemoryBudget(long budgetMb) {
        this.budgetMb = budgetMb;
    }

    /** Throws when a model of {@code estimateMb} would not fit next to the models already loaded. */
    public synchronized void checkFits(String model, long estimateMb) {
        long current = currentMb();
        if (current + estimateMb > budgetMb) {
            throw new BudgetExceededException(model, estimateMb, current, budgetMb);
        }
    }

    public synchronized void recordLoaded(Object owner, String model, long measuredMb) {
        loadedMb.put(owner, measuredMb);
        long current = currentMb();
        if (current > budgetMb) {
            log.warn("Embedding models use {} MB, over the {} MB budget (model '{}' measured {} MB after loading)",
                    current, budgetMb, model, measuredMb);
        } else if (current >= WARN_RATIO * budgetMb) {
            log.warn("Embedding models use {} MB, at least 90% of the {} MB budget", current, budgetMb);
        }
    }

    public synchronized void recordUnloaded(Object owner) {
        loadedMb.remove(owner);
    }

    public synchronized long currentMb() {
        return loadedMb.values().stream().mapToLong(Long::longValue).sum();
    }

    public long budgetMb() {
        return budgetMb;
    }
}
