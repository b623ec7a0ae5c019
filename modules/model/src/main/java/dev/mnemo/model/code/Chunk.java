package dev.mnemo.model.code;

import java.util.List;

/**
 * One piece of a source file as the chunker cut it: its kind, qualified name ({@code Outer.method}; null for windows
 * and sections without a title), symbol (the name's last part: what a call names), signature (the definition's
 * header, repeated on every part of a long definition), 1-based inclusive lines, the text (doc comment included), and
 * the symbols it refers to.
 */
public record Chunk(ChunkKind kind, String name, String symbol, String signature, int startLine, int endLine,
                    String content, List<Reference> references) {

    public Chunk {
        references = List.copyOf(references);
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("lines " + startLine + ".." + endLine);
        }
    }
}
