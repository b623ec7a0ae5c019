package dev.mnemo.embeddings.onnx;

import dev.mnemo.embeddings.Pooling;

import java.nio.FloatBuffer;

/** Turns a [batch, seq, dim] hidden-state tensor into one vector per text, then truncates and normalises it. */
public final class TokenPooling {

    private TokenPooling() {
    }

    /** Pools row {@code row} of {@code hidden}; {@code mask} is that row's attention mask (length seq). */
    public static float[] pool(FloatBuffer hidden, int row, int seq, int dim, long[] mask, Pooling pooling) {
        float[] out = new float[dim];
        int rowStart = row * seq * dim;
        if (pooling == Pooling.CLS) {
            hidden.get(rowStart, out, 0, dim);
            return out;
        }
        int counted = 0;
        for (int t = 0; t < seq; t++) {
            if (mask[t] == 0) {
                continue;
            }
            counted++;
            int base = rowStart + t * dim;
            for (int d = 0; d < dim; d++) {
                out[d] += hidden.get(base + d);
            }
        }
        float scale = 1f / Math.max(counted, 1);
        for (int d = 0; d < dim; d++) {
            out[d] *= scale;
        }
        return out;
    }

    /** Matryoshka truncation first (the leading components carry the coarse meaning), then L2 normalisation. */
    public static float[] finish(float[] vector, Integer truncateDim, boolean normalize) {
        float[] out = truncateDim == null || truncateDim >= vector.length
                ? vector
                : java.util.Arrays.copyOf(vector, truncateDim);
        if (normalize) {
            double sum = 0;
            for (float v : out) {
                sum += (double) v * v;
            }
            double norm = Math.sqrt(sum);
            if (norm > 0) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (out[i] / norm);
                }
            }
        }
        return out;
    }
}
