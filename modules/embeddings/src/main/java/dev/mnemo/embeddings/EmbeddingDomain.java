package dev.mnemo.embeddings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a text is: prose (TEXT), source code (CODE), or both at once (HYBRID, embedded by both models). */
public enum EmbeddingDomain {
    TEXT,
    CODE,
    HYBRID;

    /** The model domains that embed this domain: a model domain is TEXT or CODE. */
    public List<EmbeddingDomain> models() {
        return switch (this) {
            case TEXT -> List.of(TEXT);
            case CODE -> List.of(CODE);
            case HYBRID -> List.of(TEXT, CODE);
        };
    }

    public boolean isModel() {
        return this != HYBRID;
    }

    public static EmbeddingDomain parse(String value) {
        if (value != null) {
            String wanted = value.trim().toUpperCase(Locale.ROOT);
            for (EmbeddingDomain domain : values()) {
                if (domain.name().equals(wanted)) {
                    return domain;
                }
            }
        }
        String allowed = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
        throw new UnknownDomainException("Unknown embedding domain '" + value + "'; allowed: " + allowed
                + " (case-insensitive)");
    }
}
