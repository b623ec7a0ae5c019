package dev.mnemo.embeddings;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The latency setting (2 intra-op threads) changes how a run is scheduled, never what it computes. */
class IntraOpThreadsTest {

    @Test
    void twoIntraOpThreadsGiveTheSameVectors() throws Exception {
        EmbeddingConfig base = ModelFolders.config();
        EmbeddingConfig latency = new EmbeddingConfig(base.text(), base.code(), base.budgetMb(), 0,
                base.inferenceThreads(), false, base.batchWindow(), base.maxBatchTokens(), base.maxInputChars(), 2);
        String text = "Two threads inside one ONNX run";
        try (DualEmbeddingService one = new DualEmbeddingService(base);
             DualEmbeddingService two = new DualEmbeddingService(latency)) {
            float[] a = one.embedLegacy(text).get(60, TimeUnit.SECONDS);
            float[] b = two.embedLegacy(text).get(60, TimeUnit.SECONDS);
            double cosine = Cosine.of(a, b);
            assertTrue(cosine > 0.9999, "cosine " + cosine);
        }
    }

    @Test
    void outOfRangeIsRefused() {
        EmbeddingConfig d = EmbeddingConfig.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EmbeddingConfig(d.text(),
                d.code(), d.budgetMb(), d.cacheSize(), d.inferenceThreads(), false, d.batchWindow(), d.maxBatchTokens(),
                d.maxInputChars(), 0));
        assertTrue(e.getMessage().contains("intraOpThreads"), e.getMessage());
    }
}
