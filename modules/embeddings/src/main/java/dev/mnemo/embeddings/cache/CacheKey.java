package dev.mnemo.embeddings.cache;

import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies one vector. The text enters as its SHA-256 so the cache never holds user text and keys stay small;
 * the model name is part of the key so swapping a model folder cannot serve the old model's vectors.
 */
public record CacheKey(String modelName, EmbeddingDomain modelDomain, InputKind kind, String textSha256) {

    public static CacheKey of(String modelName, EmbeddingDomain modelDomain, InputKind kind, String text) {
        return new CacheKey(modelName, modelDomain, kind, sha256(text));
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
