package dev.mnemo.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void aModelOverTheBudgetIsRefusedWhileTheOtherKeepsServing() throws Exception {
        // MiniLM's 90 MB file is estimated at 130 MB (fits); bge-small's 133 MB file at 191 MB (does not).
        try (DualEmbeddingService service = new DualEmbeddingService(ModelFolders.config().withBudgetMb(180))) {
            service.load(EmbeddingDomain.TEXT).get(60, TimeUnit.SECONDS);

            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> service.embed("def f(): pass", EmbeddingDomain.CODE).get(60, TimeUnit.SECONDS));
            BudgetExceededException budget = assertInstanceOf(BudgetExceededException.class, refused.getCause());
            assertTrue(budget.getMessage().contains("bge-small-en-v15"), budget.getMessage());
            assertTrue(budget.getMessage().contains("180 MB"), budget.getMessage());
            assertFalse(service.isLoaded(EmbeddingDomain.CODE));

            float[] text = service.embed("still serving", EmbeddingDomain.TEXT).get(60, TimeUnit.SECONDS).text();
            assertEquals(384, text.length);
            EmbeddingStats stats = service.stats();
            assertTrue(stats.models().get(EmbeddingDomain.TEXT).memoryMb() >= 87, stats.toString());
            assertEquals(0, stats.models().get(EmbeddingDomain.CODE).loads());
            assertEquals(180, stats.budgetMb());
        }
    }

    @Test
    void hybridFailsAsAWholeWhenOneModelIsRefused() throws Exception {
        try (DualEmbeddingService service = new DualEmbeddingService(ModelFolders.config().withBudgetMb(180))) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> service.embed("both please", EmbeddingDomain.BOTH).get(60, TimeUnit.SECONDS));
            assertInstanceOf(BudgetExceededException.class, refused.getCause());
        }
    }

    @Test
    void unloadingFreesBudgetForTheOtherModel() throws Exception {
        // 250 MB holds either model (130 / 191 MB estimated) but not both.
        try (DualEmbeddingService service = new DualEmbeddingService(ModelFolders.config().withBudgetMb(250))) {
            service.load(EmbeddingDomain.TEXT).get(60, TimeUnit.SECONDS);
            assertThrows(ExecutionException.class, () -> service.load(EmbeddingDomain.CODE).get(60, TimeUnit.SECONDS));
            service.unload(EmbeddingDomain.TEXT);
            waitUntil(() -> service.stats().estimatedModelsMb() == 0);
            service.load(EmbeddingDomain.CODE).get(60, TimeUnit.SECONDS);
            assertTrue(service.isLoaded(EmbeddingDomain.CODE));
            assertFalse(service.isLoaded(EmbeddingDomain.TEXT));
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(10);
        }
    }
}
