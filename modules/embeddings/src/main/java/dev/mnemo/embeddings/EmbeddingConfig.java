package dev.mnemo.embeddings;

import dev.mnemo.embeddings.bundled.BundledModel;

import java.time.Duration;

/**
 * Settings of a {@link DualEmbeddingService}.
 *
 * @param text             model for the TEXT domain
 * @param code             model for the CODE domain
 * @param budgetMb         RAM all loaded models may take together (measured RSS); a load that would not fit is refused
 * @param cacheSize        maximum number of cached vectors (LRU)
 * @param inferenceThreads worker threads calling ONNX Runtime in parallel
 * @param preloadText      start loading the TEXT model in the background at construction
 * @param batchWindow      how long the first request of a batch waits for others to join it
 * @param maxBatchTokens   cap on texts x padded length per ONNX run (bounds activation memory)
 * @param maxInputChars    longer texts are rejected, not silently cut
 * @param intraOpThreads   threads ONNX Runtime uses inside one run (they never spin): 2 lets a lone query use both
 *                         cores of a 2-core machine at no cost to batches or HYBRID (docs/models.md)
 */
public record EmbeddingConfig(ModelSource text, ModelSource code, long budgetMb, int cacheSize, int inferenceThreads,
                              boolean preloadText, Duration batchWindow, int maxBatchTokens, int maxInputChars,
                              int intraOpThreads) {

    /** The default intra-op setting, {@link #DEFAULT_INTRA_OP_THREADS}. */
    public EmbeddingConfig(ModelSource text, ModelSource code, long budgetMb, int cacheSize, int inferenceThreads,
                           boolean preloadText, Duration batchWindow, int maxBatchTokens, int maxInputChars) {
        this(text, code, budgetMb, cacheSize, inferenceThreads, preloadText, batchWindow, maxBatchTokens, maxInputChars, DEFAULT_INTRA_OP_THREADS);
    }

    /** Measured on 2 cores, threads not spinning: a lone TEXT query p50 3.1 ms (1 thread: 3.9), batches unchanged. */
    public static final int DEFAULT_INTRA_OP_THREADS = 2;

    /**
     * Measured on 2 cores with MiniLM: 512 beat 1024, 2048 and 4096 on short-text throughput (567-602/s vs 280-500/s),
     * long-text throughput and RSS (~400 MB vs 450-700 MB). It makes ~30 short sentences or 1-2 code snippets a run.
     */
    public static final int DEFAULT_MAX_BATCH_TOKENS = 512;

    public EmbeddingConfig {
        if (text == null) {
            throw new IllegalArgumentException("text model source must be set");
        }
        if (code == null) {
            throw new IllegalArgumentException("code model source must be set");
        }
        if (budgetMb < 1) {
            throw new IllegalArgumentException("budgetMb must be >= 1, was " + budgetMb);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must be >= 0, was " + cacheSize);
        }
        if (inferenceThreads < 1) {
            throw new IllegalArgumentException("inferenceThreads must be >= 1, was " + inferenceThreads);
        }
        if (batchWindow == null || batchWindow.isNegative() || batchWindow.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("batchWindow must be between 0 and 1 s, was " + batchWindow);
        }
        if (maxBatchTokens < 1) {
            throw new IllegalArgumentException("maxBatchTokens must be >= 1, was " + maxBatchTokens);
        }
        if (maxInputChars < 1) {
            throw new IllegalArgumentException("maxInputChars must be >= 1, was " + maxInputChars);
        }
        if (intraOpThreads < 1 || intraOpThreads > 64) {
            throw new IllegalArgumentException("intraOpThreads must be between 1 and 64, was " + intraOpThreads);
        }
    }

    /** Bundled MiniLM (TEXT) and bge-small (CODE): 384-d stand-ins for the real models, see docs/models.md. */
    public static EmbeddingConfig defaults() {
        return new EmbeddingConfig(ModelSource.of(BundledModel.ALL_MINILM_L6_V2),
                ModelSource.of(BundledModel.BGE_SMALL_EN_V15), 1024, 10_000,
                Runtime.getRuntime().availableProcessors(), true, Duration.ofMillis(2), DEFAULT_MAX_BATCH_TOKENS, 100_000);
    }

    public EmbeddingConfig withText(ModelSource source) {
        return new EmbeddingConfig(source, code, budgetMb, cacheSize, inferenceThreads, preloadText, batchWindow,
                maxBatchTokens, maxInputChars, intraOpThreads);
    }

    public EmbeddingConfig withCode(ModelSource source) {
        return new EmbeddingConfig(text, source, budgetMb, cacheSize, inferenceThreads, preloadText, batchWindow,
                maxBatchTokens, maxInputChars, intraOpThreads);
    }

    public EmbeddingConfig withBudgetMb(long mb) {
        return new EmbeddingConfig(text, code, mb, cacheSize, inferenceThreads, preloadText, batchWindow,
                maxBatchTokens, maxInputChars, intraOpThreads);
    }

    public EmbeddingConfig withPreloadText(boolean preload) {
        return new EmbeddingConfig(text, code, budgetMb, cacheSize, inferenceThreads, preload, batchWindow,
                maxBatchTokens, maxInputChars, intraOpThreads);
    }
}
