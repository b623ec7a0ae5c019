-- V10: Chroma-style collections (docs/collections.md).
-- * collections: the catalog. Each collection's records live in their own table, collection_records_<id>, created
--   and dropped by the service (DDL in dev.mnemo.collections.CollectionTables) with its own HNSW index (the
--   collection's opclass, m, ef_construction), a jsonb_path_ops GIN index on metadata and a pg_trgm GIN index on
--   the document (regex / contains filters). Table names derive from the generated id only, never from user input.
-- * pg_trgm is a trusted extension (PostgreSQL >= 13): created once here, never per connection.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE IF NOT EXISTS collections (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE CHECK (name ~ '^[a-zA-Z0-9._-]{1,63}$'),
    metadata             JSONB NOT NULL DEFAULT '{}'::jsonb,
    embedding_domain     TEXT NOT NULL CHECK (embedding_domain IN ('TEXT', 'CODE')),
    distance             TEXT NOT NULL CHECK (distance IN ('cosine', 'l2', 'ip')),
    hnsw_m               INTEGER NOT NULL CHECK (hnsw_m BETWEEN 2 AND 100),
    hnsw_ef_construction INTEGER NOT NULL CHECK (hnsw_ef_construction BETWEEN 4 AND 1000),
    dimension            INTEGER NOT NULL CHECK (dimension BETWEEN 1 AND 2000),
    created_at           TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
