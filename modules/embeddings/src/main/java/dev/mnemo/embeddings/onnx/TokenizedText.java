package dev.mnemo.embeddings.onnx;

/** Token ids of one text, unpadded (every position is a real token, so its attention mask is all ones). */
public record TokenizedText(long[] ids, long[] typeIds) {

    public int length() {
        return ids.length;
    }
}
