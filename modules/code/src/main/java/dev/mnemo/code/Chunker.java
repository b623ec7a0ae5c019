package dev.mnemo.code;

import dev.mnemo.model.code.Chunk;
import java.util.List;

/**
 * Cuts a file into chunks: by syntax where a grammar exists ({@link SyntaxChunker}), markdown by headings, other text
 * by overlapping windows; every chunk within the token limit. A file the grammar cannot parse at all falls back to
 * windows (a syntax error elsewhere in a file still yields the definitions tree-sitter recovered). Thread-safe: each
 * thread parses with a parser of its own.
 */
public final class Chunker {

    private final ChunkLimits limits;
    private final TokenCounter tokens;

    public Chunker(ChunkLimits limits, TokenCounter tokens) {
        this.limits = limits;
        this.tokens = tokens;
    }

    public List<Chunk> chunk(Language language, String text) {
        if (text.isBlank()) {
            return List.of();
        }
        return switch (language) {
            case MARKDOWN -> TextChunker.markdown(text, limits, tokens);
            case TEXT -> TextChunker.windows(text, limits, tokens);
            default -> {
                List<Chunk> chunks;
                try {
                    chunks = SyntaxChunker.chunk(language, text, limits, tokens);
                } catch (StackOverflowError e) {
                    chunks = List.of(); // a syntax tree too deep to walk (a 5 000-term expression): windows
                }
                yield chunks.isEmpty() ? TextChunker.windows(text, limits, tokens) : chunks;
            }
        };
    }
}
