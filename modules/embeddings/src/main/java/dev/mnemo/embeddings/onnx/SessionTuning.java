package dev.mnemo.embeddings.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Session options chosen by measurement on 2 cores (docs/models.md): one shared session called by the service's worker
 * threads in parallel, 2 intra-op threads that do not spin (mnemo.embedding.intra-op-threads): a lone query uses both
 * cores, parallel runs share them without burning cycles in each other's way.
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
            // Idle intra-op threads spin by default. On 2 cores two runs in parallel (two workers, or TEXT and CODE
            // of a HYBRID query) would then burn the cores the other run needs: measured HYBRID single query 16.9 ms
            // spinning vs 9.5 ms not, 32 sentences 514 vs 583 texts/s; a lone TEXT query 2.4 vs 3.1 ms.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            return options;
        } catch (OrtException e) {
            options.close();
            throw new IllegalStateException("ONNX Runtime rejected Mnemo's session options", e);
        }
    }
}
