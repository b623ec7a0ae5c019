package dev.mnemo.shell.data;

import dev.mnemo.embeddings.EmbeddingDomain;

/** The two vector columns of events and the column naming the model that produced each (fixed names, never input). */
public enum EmbeddingColumn {
    TEXT(EmbeddingDomain.TEXT, "embedding", "embedding_model"),
    CODE(EmbeddingDomain.CODE, "embedding_code", "code_embedding_model");

    private final EmbeddingDomain domain;
    private final String vector;
    private final String model;

    EmbeddingColumn(EmbeddingDomain domain, String vector, String model) {
        this.domain = domain;
        this.vector = vector;
        this.model = model;
    }

    public static EmbeddingColumn of(EmbeddingDomain domain) {
        return domain == EmbeddingDomain.CODE ? CODE : TEXT;
    }

    public EmbeddingDomain domain() {
        return domain;
    }

    public String vector() {
        return vector;
    }

    public String model() {
        return model;
    }
}
