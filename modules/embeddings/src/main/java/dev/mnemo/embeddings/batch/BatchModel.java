package dev.mnemo.embeddings.batch;

import dev.mnemo.embeddings.onnx.TokenizedText;

import java.util.List;

/** What the batcher needs from a model: tokenising one text, and embedding a batch in one run. */
public interface BatchModel {

    TokenizedText tokenize(String text);

    float[][] embed(List<TokenizedText> batch);
}
