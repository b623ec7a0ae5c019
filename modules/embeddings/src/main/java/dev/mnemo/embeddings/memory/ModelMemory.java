package dev.mnemo.embeddings.memory;

/**
 * How much RAM a model costs, before loading (estimate) and after (measurement).
 *
 * <p>Estimate = ONNX file size x {@value #ESTIMATE_FACTOR}. Measured on this project's machine with the session
 * options in SessionTuning (no CPU arena) and token-budgeted batches: see docs/models.md for the numbers.
 */
public final class ModelMemory {

    static final double ESTIMATE_FACTOR = 1.5;
    /** Without /proc we cannot see native memory; weights plus a modest working set is the best guess. */
    static final double FALLBACK_FACTOR = 1.3;

    private static final long MB = 1024 * 1024;

    private ModelMemory() {
    }

    public static long estimateMb(long onnxFileBytes) {
        return (long) Math.ceil(onnxFileBytes * ESTIMATE_FACTOR / MB);
    }

    /**
     * The cost to record for a loaded model: the RSS growth across its load and warm-up when that is measurable, but
     * never less than its weights (the JVM may return heap to the OS mid-load and hide part of the growth).
     */
    public static long measuredMb(long rssBeforeMb, long rssAfterMb, long onnxFileBytes) {
        long weightsMb = (long) Math.ceil((double) onnxFileBytes / MB);
        if (rssBeforeMb < 0 || rssAfterMb < 0) {
            return (long) Math.ceil(onnxFileBytes * FALLBACK_FACTOR / MB);
        }
        return Math.max(rssAfterMb - rssBeforeMb, weightsMb);
    }
}
