package dev.mnemo.embeddings.onnx;

/**
 * Token ids of one text, unpadded (every position is a real token, so its attention mask is all ones);
 * {@code truncated}: the text had more tokens than the model's maximum, and only the first ones are here.
 */
public record TokenizedText(long[] ids, long[] typeIds, boolean truncated) {

    public TokenizedText(long[] ids, long[] typeIds) {
        this(ids, typeIds, false);
    }

    public int length() {
        return ids.length;
    }
}
