-- V3: Mnemo's additions to the events table and the graph.
-- * embedding_code: the CODE model's vector (HYBRID search fuses it with the TEXT vector in `embedding`).
--   Its dimension is read from events.embedding, so the table never holds two dimensions; start-up then checks the
--   configured models against this column.
-- * embedding_model / code_embedding_model: which model produced each vector (lets a re-index resume and skip rows
--   already done).
-- * Vectors are stored PLAIN (never TOASTed): exact scans over TOASTed vectors measured 2.5x slower. Changing the
--   storage mode rewrites no existing row.
DO $$
DECLARE
    dim integer;
BEGIN
    SELECT a.atttypmod INTO dim
    FROM pg_attribute a
    WHERE a.attrelid = 'events'::regclass AND a.attname = 'embedding';
    EXECUTE format('ALTER TABLE events ADD COLUMN IF NOT EXISTS embedding_code vector(%s)', dim);
END
$$;

ALTER TABLE events ADD COLUMN IF NOT EXISTS embedding_model TEXT;
ALTER TABLE events ADD COLUMN IF NOT EXISTS code_embedding_model TEXT;
ALTER TABLE events ALTER COLUMN embedding SET STORAGE PLAIN;
ALTER TABLE events ALTER COLUMN embedding_code SET STORAGE PLAIN;

CREATE INDEX IF NOT EXISTS events_embedding_code_hnsw_idx ON events
    USING hnsw (embedding_code vector_cosine_ops) WITH (m = 16, ef_construction = 64);

CREATE INDEX IF NOT EXISTS edges_source_idx ON edges (source_node_id, relation_type);
CREATE INDEX IF NOT EXISTS edges_target_idx ON edges (target_node_id, relation_type);
CREATE INDEX IF NOT EXISTS nodes_type_idx ON nodes (node_type);
