package dev.mnemo.model.code;

import java.util.Locale;

/** What a code chunk is: a definition of the language, a section of a document, or a window of a plain text file. */
public enum ChunkKind {
    FUNCTION, METHOD, CLASS, INTERFACE, MODULE, DOC, WINDOW;

    /** The word stored and shown: {@code method}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Doc-like chunks (markdown sections) also get a TEXT vector: their questions are prose. */
    public boolean docLike() {
        return this == DOC;
    }
}
