package dev.mnemo.bench;

import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingConfig;

/** The service as the benchmarks build it: the defaults, with the cache size and budget a benchmark needs. */
public final class BenchServices {

    private BenchServices() {
    }

    /**
     * Defaults (bundled MiniLM for TEXT, bge-small for CODE, 512-token runs), no preload. The JVM property
     * {@code mnemo.bench.intra-op-threads} compares intra-op settings (default: the service's own default, mnemo.embedding.intra-op-threads).
     */
    public static DualEmbeddingService create(int cacheSize, long budgetMb) {
        EmbeddingConfig d = EmbeddingConfig.defaults();
        return new DualEmbeddingService(new EmbeddingConfig(d.text(), d.code(), budgetMb, cacheSize,
                d.inferenceThreads(), false, d.batchWindow(), d.maxBatchTokens(), d.maxInputChars(),
                Integer.getInteger("mnemo.bench.intra-op-threads", EmbeddingConfig.DEFAULT_INTRA_OP_THREADS)));
    }

    /** No cache: every call runs the model (what throughput and latency benchmarks must measure). */
    public static DualEmbeddingService uncached() {
        return create(0, 1_000_000);
    }
}
