package dev.mnemo.code;

/** Counts the tokens a text costs the CODE model (its own tokenizer), so that no chunk is cut off when embedded. */
@FunctionalInterface
public interface TokenCounter {

    int count(String text);

    /**
     * Three characters a token: WordPiece (bge-small's) spends about that on code (identifiers split into pieces,
     * every symbol its own token), so a chunk measured this way stays inside the model's limit.
     */
    TokenCounter APPROXIMATE = text -> (text.length() + 2) / 3;
}
