package dev.mnemo.embeddings.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mnemo.embeddings.DimensionMismatchException;
import dev.mnemo.embeddings.EmbeddingException;
import dev.mnemo.embeddings.ModelDescriptor;
import dev.mnemo.embeddings.ModelLoadException;
import dev.mnemo.embeddings.folder.ModelFiles;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One model: tokenizer + a single shared ONNX Runtime session (OrtSession.run is thread-safe). Embeds a batch padded
 * to that batch's own longest text only; padding to the model maximum made short texts 10-15x slower.
 */
public final class OnnxEncoder implements AutoCloseable {

    private static final String PREFERRED_OUTPUT = "last_hidden_state";

    private final ModelDescriptor descriptor;
    private final OrtEnvironment environment;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final ModelInputs inputs;
    private final String outputName;

    private OnnxEncoder(ModelDescriptor descriptor, OrtEnvironment environment, OrtSession.SessionOptions options,
                        OrtSession session, HuggingFaceTokenizer tokenizer, ModelInputs inputs, String outputName) {
        this.descriptor = descriptor;
        this.environment = environment;
        this.options = options;
        this.session = session;
        this.tokenizer = tokenizer;
        this.inputs = inputs;
        this.outputName = outputName;
    }

    public static OnnxEncoder open(ModelFiles files, int intraOpThreads) {
        ModelDescriptor descriptor = files.descriptor();
        HuggingFaceTokenizer tokenizer = openTokenizer(files);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = SessionTuning.options(intraOpThreads);
        OrtSession session = null;
        try {
            session = environment.createSession(files.onnx().toString(), options);
            ModelInputs inputs = ModelInputs.from(session.getInputNames(), descriptor.name());
            String output = session.getOutputNames().contains(PREFERRED_OUTPUT)
                    ? PREFERRED_OUTPUT
                    : session.getOutputNames().iterator().next();
            checkDeclaredDimension(descriptor, session.getOutputInfo().get(output));
            return new OnnxEncoder(descriptor, environment, options, session, tokenizer, inputs, output);
        } catch (OrtException e) {
            closeQuietly(session, tokenizer, options);
            throw new ModelLoadException("Cannot load ONNX model " + files.onnx() + ": the file is not a valid ONNX model"
                    + " or needs a newer ONNX Runtime (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(session, tokenizer, options);
            throw e;
        }
    }

    private static HuggingFaceTokenizer openTokenizer(ModelFiles files) {
        try {
            // Our own max length and no padding: tokenizer.json files carry their own (MiniLM's: fixed 128).
            return HuggingFaceTokenizer.builder()
                    .optTokenizerPath(files.tokenizer())
                    .optAddSpecialTokens(true)
                    .optTruncation(true)
                    .optPadding(false)
                    .optMaxLength(files.descriptor().maxTokens())
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("Cannot load tokenizer " + files.tokenizer()
                    + ": not a valid HuggingFace tokenizer.json (" + e.getMessage() + ")", e);
        }
    }

    private static void checkDeclaredDimension(ModelDescriptor descriptor, NodeInfo output) {
        if (output.getInfo() instanceof TensorInfo tensor) {
            long[] shape = tensor.getShape();
            long last = shape.length == 0 ? -1 : shape[shape.length - 1];
            if (last > 0 && last != descriptor.dimension()) {
                throw new DimensionMismatchException(descriptor.name(), descriptor.dimension(), (int) last);
            }
        }
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public ModelInputs inputs() {
        return inputs;
    }

    public TokenizedText tokenize(String text) {
        Encoding encoding = tokenizer.encode(text);
        return new TokenizedText(encoding.getIds(), encoding.getTypeIds(), encoding.exceedMaxLength());
    }

    /** Embeds texts in one ONNX run; returns finished (pooled, truncated, normalised) vectors in input order. */
    public float[][] embed(List<TokenizedText> batch) {
        int rows = batch.size();
        int seq = batch.stream().mapToInt(TokenizedText::length).max().orElse(0);
        long[] ids = new long[rows * seq];
        long[] types = new long[rows * seq];
        long[][] masks = new long[rows][seq];
        long[] flatMask = new long[rows * seq];
        for (int r = 0; r < rows; r++) {
            TokenizedText text = batch.get(r);
            System.arraycopy(text.ids(), 0, ids, r * seq, text.length());
            System.arraycopy(text.typeIds(), 0, types, r * seq, text.length());
            for (int t = 0; t < text.length(); t++) {
                masks[r][t] = 1;
                flatMask[r * seq + t] = 1;
            }
        }
        long[] shape = {rows, seq};
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put(ModelInputs.INPUT_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            if (inputs.attentionMask()) {
                feed.put(ModelInputs.ATTENTION_MASK, OnnxTensor.createTensor(environment, LongBuffer.wrap(flatMask), shape));
            }
            if (inputs.tokenTypeIds()) {
                feed.put(ModelInputs.TOKEN_TYPE_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(feed, java.util.Set.of(outputName))) {
                return finish(result.get(0), rows, seq, masks);
            }
        } catch (OrtException e) {
            throw new EmbeddingException("ONNX Runtime failed to run model '" + descriptor.name() + "' on a batch of "
                    + rows + " x " + seq + " tokens: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private float[][] finish(OnnxValue value, int rows, int seq, long[][] masks) throws OrtException {
        OnnxTensor tensor = (OnnxTensor) value;
        long[] shape = tensor.getInfo().getShape();
        int dim = (int) shape[shape.length - 1];
        if (dim != descriptor.dimension()) {
            throw new DimensionMismatchException(descriptor.name(), descriptor.dimension(), dim);
        }
        FloatBuffer hidden = tensor.getFloatBuffer();
        float[][] vectors = new float[rows][];
        for (int r = 0; r < rows; r++) {
            float[] pooled;
            if (shape.length == 2) { // the graph already pools (a "sentence_embedding" output)
                pooled = new float[dim];
                hidden.get(r * dim, pooled, 0, dim);
            } else {
                pooled = TokenPooling.pool(hidden, r, seq, dim, masks[r], descriptor.pooling());
            }
            vectors[r] = TokenPooling.finish(pooled, descriptor.truncateDim(), descriptor.normalize());
        }
        return vectors;
    }

    @Override
    public void close() {
        closeQuietly(session, tokenizer, options);
    }

    private static void closeQuietly(OrtSession session, HuggingFaceTokenizer tokenizer,
                                     OrtSession.SessionOptions options) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException ignored) {
            // closing a session that failed half-way: nothing more to free
        }
        tokenizer.close();
        options.close();
    }
}
