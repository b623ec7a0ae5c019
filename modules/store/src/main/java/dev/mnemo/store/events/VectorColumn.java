package dev.mnemo.store.events;

/** The two vector columns of events and the column naming the model that produced each (fixed names, never input). */
public enum VectorColumn {
    TEXT("embedding", "embedding_model"),
    CODE("embedding_code", "code_embedding_model");

    private final String vector;
    private final String model;

    VectorColumn(String vector, String model) {
        this.vector = vector;
        this.model = model;
    }

    public String vector() {
        return vector;
    }

    public String model() {
        return model;
    }
}
