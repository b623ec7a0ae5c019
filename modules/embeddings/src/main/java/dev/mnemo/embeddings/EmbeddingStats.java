package dev.mnemo.embeddings;

import java.util.Map;

/**
 * A snapshot of the service: per-model state, memory against the budget, cache effectiveness.
 *
 * @param estimatedModelsMb RAM attributed to the loaded models (measured RSS growth over each load)
 */
public record EmbeddingStats(Map<EmbeddingDomain, ModelStats> models, long processRssMb, long jvmHeapUsedMb,
                             long estimatedModelsMb, long budgetMb, boolean budgetExceeded, CacheStats cache) {

    public EmbeddingStats {
        models = Map.copyOf(models);
    }

    /**
     * @param loads      completed loads since start (single-flight: concurrent first calls count once)
     * @param inferences texts run through the model (cache hits excluded)
     * @param batches    ONNX runs; inferences / batches is the achieved batch size
     */
    public record ModelStats(String name, boolean loaded, int dimension, long memoryMb, long loadMillis,
                             long inferences, long loads, long batches) {
    }

    public record CacheStats(long size, long hits, long misses, double hitRate) {
    }
}
