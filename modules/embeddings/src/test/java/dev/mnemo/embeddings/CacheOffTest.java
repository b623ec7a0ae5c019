package dev.mnemo.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** cache-size 0 means no cache at all: no hits, not even for concurrent or back-to-back repeats of one text. */
class CacheOffTest {

    @Test
    void sizeZeroNeverServesAHit() throws Exception {
        EmbeddingConfig base = ModelFolders.config();
        EmbeddingConfig off = new EmbeddingConfig(base.text(), base.code(), base.budgetMb(), 0, base.inferenceThreads(),
                false, base.batchWindow(), base.maxBatchTokens(), base.maxInputChars());
        try (DualEmbeddingService service = new DualEmbeddingService(off)) {
            List<CompletableFuture<float[]>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(service.embedLegacy("the same text, again and again"));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            service.embedAll(List.of("a", "a", "b"), EmbeddingDomain.TEXT).get(60, TimeUnit.SECONDS);
            EmbeddingStats stats = service.stats();
            assertEquals(0, stats.cache().hits());
            assertEquals(19, stats.models().get(EmbeddingDomain.TEXT).inferences());
        }
    }
}
