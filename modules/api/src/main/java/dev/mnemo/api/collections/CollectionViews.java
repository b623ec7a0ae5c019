package dev.mnemo.api.collections;

import dev.mnemo.core.search.SearchMode;
import dev.mnemo.model.collections.CollectionHit;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.collections.Include;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Response bodies in Chroma's shapes: columnar lists, one list per query for query results. */
final class CollectionViews {

    private CollectionViews() {
    }

    static Map<String, Object> collection(CollectionInfo c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("name", c.name());
        out.put("metadata", c.metadata());
        out.put("embedding_domain", c.domain());
        out.put("distance", c.distance().wire());
        out.put("hnsw", Map.of("m", c.hnsw().m(), "ef_construction", c.hnsw().efConstruction()));
        out.put("dimension", c.dimension());
        out.put("created_at", c.createdAt() == null ? null : c.createdAt().toString());
        return out;
    }

    /** get: {ids, documents, metadatas, embeddings}; a field not included is null. */
    static Map<String, Object> records(List<CollectionRecord> records, Set<Include> include) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ids", records.stream().map(CollectionRecord::id).toList());
        out.put("documents", column(records, include, Include.DOCUMENTS, CollectionRecord::document));
        out.put("metadatas", column(records, include, Include.METADATAS, CollectionRecord::metadata));
        out.put("embeddings", column(records, include, Include.EMBEDDINGS, CollectionRecord::embedding));
        out.put("include", include.stream().map(i -> i.name().toLowerCase(java.util.Locale.ROOT)).toList());
        return out;
    }

    /**
     * query: the same fields plus distances, each a list per query. A lexical or hybrid query ranks by score, not
     * distance: {@code scores} (higher is better) instead of {@code distances}. {@code explanations} when asked.
     */
    static Map<String, Object> query(List<List<CollectionHit>> hits, Set<Include> include, SearchMode mode,
                                     boolean explain) {
        List<List<CollectionRecord>> results = hits.stream().map(r -> r.stream().map(CollectionHit::record).toList()).toList();
        Map<String, Object> out = query(results, mode == SearchMode.VECTOR ? include : without(include, Include.DISTANCES));
        if (mode != SearchMode.VECTOR) {
            out.put("scores", hits.stream().map(r -> r.stream().map(CollectionHit::score).toList()).toList());
        }
        if (explain) {
            out.put("explanations", hits.stream().map(r -> r.stream().map(CollectionHit::explanation).toList()).toList());
        }
        return out;
    }

    private static Set<Include> without(Set<Include> include, Include field) {
        Set<Include> rest = include.isEmpty() ? java.util.EnumSet.noneOf(Include.class) : java.util.EnumSet.copyOf(include);
        rest.remove(field);
        return rest;
    }

    private static Map<String, Object> query(List<List<CollectionRecord>> results, Set<Include> include) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ids", results.stream().map(r -> r.stream().map(CollectionRecord::id).toList()).toList());
        out.put("documents", perQuery(results, include, Include.DOCUMENTS, CollectionRecord::document));
        out.put("metadatas", perQuery(results, include, Include.METADATAS, CollectionRecord::metadata));
        out.put("distances", perQuery(results, include, Include.DISTANCES, CollectionRecord::distance));
        out.put("embeddings", perQuery(results, include, Include.EMBEDDINGS, CollectionRecord::embedding));
        out.put("include", include.stream().map(i -> i.name().toLowerCase(java.util.Locale.ROOT)).toList());
        return out;
    }

    /** One NDJSON line of a streamed collection. */
    static Map<String, Object> line(CollectionRecord r, Set<Include> include) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        if (include.contains(Include.DOCUMENTS)) {
            out.put("document", r.document());
        }
        if (include.contains(Include.METADATAS)) {
            out.put("metadata", r.metadata());
        }
        if (include.contains(Include.EMBEDDINGS)) {
            out.put("embedding", r.embedding());
        }
        return out;
    }

    private static List<Object> column(List<CollectionRecord> records, Set<Include> include, Include field,
                                       Function<CollectionRecord, Object> get) {
        return include.contains(field) ? records.stream().map(get).toList() : null;
    }

    private static List<List<Object>> perQuery(List<List<CollectionRecord>> results, Set<Include> include, Include field,
                                               Function<CollectionRecord, Object> get) {
        return include.contains(field) ? results.stream().map(r -> r.stream().map(get).toList()).toList() : null;
    }
}
