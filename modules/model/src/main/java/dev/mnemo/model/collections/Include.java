package dev.mnemo.model.collections;

import java.util.EnumSet;
import java.util.Set;

/** Which fields a read returns (Chroma's include). Ids always come back. */
public enum Include {
    DOCUMENTS, METADATAS, DISTANCES, EMBEDDINGS;

    public static final Set<Include> GET_DEFAULT = EnumSet.of(DOCUMENTS, METADATAS);
    public static final Set<Include> QUERY_DEFAULT = EnumSet.of(DOCUMENTS, METADATAS, DISTANCES);
}
