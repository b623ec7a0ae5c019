package dev.mnemo.embeddings.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Session options chosen by measurement on 2 cores (docs/models.md): one shared session, intra-op 1 thread, with the
 * service's own worker threads calling it in parallel, gave the best throughput; 2 intra-op threads the best latency
 * of a lone query (mnemo.embedding.intra-op-threads).
 */
final class SessionTuning {

    private SessionTuning() {
    }

    static OrtSession.SessionOptions options(int intraOpThreads) {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // The CPU arena keeps the peak of every run it ever served, for the life of the session. With 8k-token
            // models one long text would pin gigabytes of attention buffers; without the arena they are freed after
            // the run. Cost measured with 512-token runs: ~5-8 % throughput (docs/models.md).
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            return options;
        } catch (OrtException e) {
            options.close();
            throw new IllegalStateException("ONNX Runtime rejected Mnemo's session options", e);
        }
    }
}
