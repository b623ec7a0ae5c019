package dev.mnemo.collections;

import dev.mnemo.memory.MemoryException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Which fields a read returns (Chroma's include). Ids always come back. */
public enum Include {
    DOCUMENTS, METADATAS, DISTANCES, EMBEDDINGS;

    public static final Set<Include> GET_DEFAULT = EnumSet.of(DOCUMENTS, METADATAS);
    public static final Set<Include> QUERY_DEFAULT = EnumSet.of(DOCUMENTS, METADATAS, DISTANCES);

    public static Set<Include> parse(List<String> values, Set<Include> defaults, String field) {
        if (values == null) {
            return EnumSet.copyOf(defaults);
        }
        Set<Include> result = EnumSet.noneOf(Include.class);
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            try {
                result.add(valueOf(String.valueOf(v).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw MemoryException.invalid(field + "[" + i + "]", "enum",
                        "Unknown include '" + v + "'; allowed: documents, metadatas, distances, embeddings");
            }
        }
        return result;
    }
}
