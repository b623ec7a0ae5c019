-- V2: the HNSW index MnemoLite's later migrations add (cosine, m=16, ef_construction=64). An adopted database that
-- already has an HNSW index on events.embedding (under any name) keeps it: no second copy is built.
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_am am ON am.oid = c.relam
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = 'events'::regclass AND am.amname = 'hnsw' AND a.attname = 'embedding'
    ) THEN
        CREATE INDEX events_embedding_hnsw_idx ON events
            USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
    END IF;
END
$$;
