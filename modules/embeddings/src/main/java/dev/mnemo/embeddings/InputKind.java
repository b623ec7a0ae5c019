package dev.mnemo.embeddings;

/** Whether a text is a search query or a stored document: asymmetric models prefix the two differently. */
public enum InputKind {
    QUERY,
    DOCUMENT
}
