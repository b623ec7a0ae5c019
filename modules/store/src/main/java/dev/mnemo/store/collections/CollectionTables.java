package dev.mnemo.store.collections;

import dev.mnemo.model.collections.Distance;
import dev.mnemo.model.collections.HnswParams;
import java.util.List;

/**
 * DDL of one collection's records table. Identifiers come from the generated numeric id and the enum / validated
 * integers of the collection, never from request text.
 *
 * <p>Why a table per collection (docs/collections.md): each collection gets a vector column of its own dimension,
 * an HNSW index with its own opclass and parameters, planner statistics of its own (filter selectivity decides
 * between the HNSW index and an exact scan), and DROP TABLE frees a deleted collection at once.
 *
 * <p>Why the HNSW index is partial ({@code WHERE indexed}): inserting into an HNSW graph costs ~1-1.5 ms a row on
 * 2 cores, ten times the rest of a write. Writes land with {@code indexed = false}, outside the graph, and are
 * acknowledged at plain insert speed; core's CollectionIndexer moves them into the graph in the background. Queries
 * search both parts (the graph, and the small unindexed rest exactly through {@code _pending_idx}), so a record is
 * findable the moment its write returns.
 */
public final class CollectionTables {

    private CollectionTables() {
    }

    public static String table(long collectionId) {
        if (collectionId <= 0) {
            throw new IllegalArgumentException("collection ids are positive");
        }
        return "collection_records_" + collectionId;
    }

    public static List<String> create(long id, int dimension, Distance distance, HnswParams hnsw) {
        String t = table(id);
        return List.of(
                "CREATE TABLE " + t + " (id TEXT COLLATE \"C\" PRIMARY KEY, document TEXT, "
                        + "metadata JSONB NOT NULL DEFAULT '{}'::jsonb, embedding vector(" + dimension + ") NOT NULL, "
                        + "indexed BOOLEAN NOT NULL DEFAULT false)",
                "ALTER TABLE " + t + " ALTER COLUMN embedding SET STORAGE PLAIN",
                "CREATE INDEX " + t + "_embedding_idx ON " + t + " USING hnsw (embedding " + DistanceSql.opclass(distance)
                        + ") WITH (m = " + hnsw.m() + ", ef_construction = " + hnsw.efConstruction() + ") WHERE indexed",
                "CREATE INDEX " + t + "_pending_idx ON " + t + " (id) WHERE NOT indexed",
                "CREATE INDEX " + t + "_metadata_idx ON " + t + " USING gin (metadata jsonb_path_ops)",
                "CREATE INDEX " + t + "_document_trgm_idx ON " + t + " USING gin (document gin_trgm_ops)",
                // Visible only when its collection is (the catalog is tenant-scoped): see migration V6.
                "ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE " + t + " FORCE ROW LEVEL SECURITY",
                "CREATE POLICY tenant_isolation ON " + t + " USING (EXISTS (SELECT 1 FROM collections WHERE id = " + id
                        + "))");
    }

    public static String drop(long id) {
        return "DROP TABLE IF EXISTS " + table(id);
    }
}
