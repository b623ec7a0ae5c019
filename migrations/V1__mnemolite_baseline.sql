-- V1: MnemoLite's schema exactly (its db/init/01-init.sql), so that a database MnemoLite created can be adopted by
-- baselining at this version without touching a row. Everything Mnemo adds lives in later migrations, which adopted
-- databases then receive too. The vector dimension comes from settings (placeholder embedding_dimension).
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE IF NOT EXISTS events (
    id        UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    timestamp TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    content   JSONB NOT NULL,
    embedding VECTOR(${embedding_dimension}),
    metadata  JSONB DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS events_timestamp_idx ON events (timestamp);
CREATE INDEX IF NOT EXISTS events_metadata_gin_idx ON events USING GIN (metadata jsonb_path_ops);

CREATE TABLE IF NOT EXISTS nodes (
    node_id    UUID PRIMARY KEY,
    node_type  TEXT NOT NULL,
    label      TEXT,
    properties JSONB DEFAULT '{}'::jsonb,
    created_at TIMESTAMPTZ DEFAULT NOW()
);

-- MnemoLite keeps edges free of foreign keys (nodes may be written after their edges).
CREATE TABLE IF NOT EXISTS edges (
    edge_id        UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    source_node_id UUID NOT NULL,
    target_node_id UUID NOT NULL,
    relation_type  TEXT NOT NULL,
    properties     JSONB DEFAULT '{}'::jsonb,
    created_at     TIMESTAMPTZ DEFAULT NOW()
);
