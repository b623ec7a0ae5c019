package dev.mnemo.embeddings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a text is: prose (TEXT), source code (CODE), or both at once (BOTH: embedded by both models). Clients spell
 * BOTH "HYBRID" (MnemoLite's word, kept on the wire: {@link #wire()}, {@link #parse}); inside Mnemo it is BOTH so
 * that it cannot be taken for hybrid search (vector + lexical legs fused), which is another thing.
 */
public enum EmbeddingDomain {
    TEXT,
    CODE,
    BOTH;

    /** The model domains that embed this domain: a model domain is TEXT or CODE. */
    public List<EmbeddingDomain> models() {
        return switch (this) {
            case TEXT -> List.of(TEXT);
            case CODE -> List.of(CODE);
            case BOTH -> List.of(TEXT, CODE);
        };
    }

    public boolean isModel() {
        return this != BOTH;
    }

    /** The name clients send and receive: TEXT, CODE or HYBRID. */
    public String wire() {
        return this == BOTH ? "HYBRID" : name();
    }

    /** The wire name, so messages and logs read as clients write it. */
    @Override
    public String toString() {
        return wire();
    }

    /** A domain by its wire name (TEXT, CODE, HYBRID), any case, surrounding blanks ignored. */
    public static EmbeddingDomain parse(String value) {
        if (value != null) {
            String wanted = value.trim().toUpperCase(Locale.ROOT);
            for (EmbeddingDomain domain : values()) {
                if (domain.wire().equals(wanted)) {
                    return domain;
                }
            }
        }
        String allowed = Arrays.stream(values()).map(EmbeddingDomain::wire).collect(Collectors.joining(", "));
        throw new UnknownDomainException("Unknown embedding domain '" + value + "'; allowed: " + allowed
                + " (case-insensitive)");
    }
}
