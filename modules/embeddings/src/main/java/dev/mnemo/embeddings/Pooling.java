package dev.mnemo.embeddings;

/** How token vectors become one text vector: masked mean of all tokens, or the first ([CLS]) token. */
public enum Pooling {
    MEAN,
    CLS
}
