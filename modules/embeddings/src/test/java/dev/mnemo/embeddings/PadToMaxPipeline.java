package dev.mnemo.embeddings;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mnemo.embeddings.folder.ModelFiles;

import java.util.Map;

/**
 * A second, deliberately naive pipeline: one text per run, padded to the model's full max length by the tokenizer,
 * masked mean pooling written out on the 3-d array. No code shared with the production path.
 */
final class PadToMaxPipeline implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    PadToMaxPipeline(ModelFiles files, int maxTokens) throws Exception {
        session = env.createSession(files.onnx().toString(), new OrtSession.SessionOptions());
        tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(files.tokenizer())
                .optMaxLength(maxTokens).optTruncation(true).optPadToMaxLength().build();
    }

    float[] meanPooled(String text) throws Exception {
        Encoding e = tokenizer.encode(text);
        long[][] ids = {e.getIds()};
        long[][] mask = {e.getAttentionMask()};
        long[][] types = {e.getTypeIds()};
        try (OnnxTensor i = OnnxTensor.createTensor(env, ids);
             OnnxTensor m = OnnxTensor.createTensor(env, mask);
             OnnxTensor t = OnnxTensor.createTensor(env, types);
             OrtSession.Result r = session.run(Map.of("input_ids", i, "attention_mask", m, "token_type_ids", t))) {
            float[][][] hidden = (float[][][]) r.get(0).getValue();
            float[] sum = new float[hidden[0][0].length];
            int count = 0;
            for (int tok = 0; tok < hidden[0].length; tok++) {
                if (mask[0][tok] == 1) {
                    count++;
                    for (int d = 0; d < sum.length; d++) {
                        sum[d] += hidden[0][tok][d];
                    }
                }
            }
            for (int d = 0; d < sum.length; d++) {
                sum[d] /= count;
            }
            return sum;
        }
    }

    int paddedLength(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    @Override
    public void close() throws Exception {
        session.close();
        tokenizer.close();
    }
}
