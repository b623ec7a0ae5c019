-- V5: collections index their records in the background (docs/collections.md, "Writes and the index").
-- Each records table gets `indexed` (false for new writes), its HNSW index becomes partial (WHERE indexed) and a
-- partial btree (_pending_idx) finds the records not yet in the graph, which queries search exactly. Records that
-- exist already were in the old full index: they start as indexed, and the index is rebuilt over them once here.
-- New tables get the same shape from dev.mnemo.collections.CollectionTables.
DO $$
DECLARE
    c   record;
    t   text;
    ops text;
BEGIN
    FOR c IN SELECT id, distance, hnsw_m, hnsw_ef_construction FROM collections ORDER BY id LOOP
        t := 'collection_records_' || c.id;
        CONTINUE WHEN to_regclass(t) IS NULL;
        CONTINUE WHEN EXISTS (SELECT 1 FROM pg_attribute
                              WHERE attrelid = t::regclass AND attname = 'indexed' AND NOT attisdropped);
        ops := CASE c.distance WHEN 'cosine' THEN 'vector_cosine_ops' WHEN 'l2' THEN 'vector_l2_ops'
                               ELSE 'vector_ip_ops' END;
        EXECUTE format('ALTER TABLE %I ADD COLUMN indexed boolean NOT NULL DEFAULT true', t);
        EXECUTE format('ALTER TABLE %I ALTER COLUMN indexed SET DEFAULT false', t);
        EXECUTE format('DROP INDEX IF EXISTS %I', t || '_embedding_idx');
        EXECUTE format('CREATE INDEX %I ON %I USING hnsw (embedding %s) WITH (m = %s, ef_construction = %s) WHERE indexed',
                       t || '_embedding_idx', t, ops, c.hnsw_m, c.hnsw_ef_construction);
        EXECUTE format('CREATE INDEX %I ON %I (id) WHERE NOT indexed', t || '_pending_idx', t);
    END LOOP;
END
$$;
