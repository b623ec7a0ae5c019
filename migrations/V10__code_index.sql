-- V10: code intelligence (docs/code.md). A repository is a folder indexed into files, chunks (syntax-aware pieces:
-- functions, methods, classes, markdown sections, text windows) and edges between chunks (contains, calls, imports,
-- extends, implements; a reference that does not resolve keeps its name, target_chunk NULL). name is the qualified
-- name of a chunk's symbol (Outer.Inner.method), symbol its last part (what a call names).
--   code_files.content_hash  the cache key: an unchanged file costs a hash and nothing else on re-index.
--   code_chunks              the CODE vector of every chunk, the TEXT vector of doc-like ones (markdown, doc comments);
--                            both of the models' dimension (events.embedding's, like events.embedding_code).
-- Every table carries tenant_id with row-level security, like every tenant table (V6, docs/security.md); the lexical
-- index of chunks lives in V9's tables under index_id 'code'.
CREATE TABLE IF NOT EXISTS code_repositories (
    tenant_id       TEXT NOT NULL DEFAULT current_setting('mnemo.tenant') REFERENCES tenants (id),
    id              BIGINT GENERATED ALWAYS AS IDENTITY,
    name            TEXT NOT NULL,
    root            TEXT NOT NULL,
    tree_hash       TEXT,
    indexed_at      TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

CREATE TABLE IF NOT EXISTS code_files (
    tenant_id     TEXT NOT NULL DEFAULT current_setting('mnemo.tenant'),
    repository_id BIGINT NOT NULL,
    id            BIGINT GENERATED ALWAYS AS IDENTITY,
    path          TEXT COLLATE "C" NOT NULL,
    language      TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL CHECK (size_bytes >= 0),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, repository_id, path),
    FOREIGN KEY (tenant_id, repository_id) REFERENCES code_repositories (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS code_chunks (
    tenant_id      TEXT NOT NULL DEFAULT current_setting('mnemo.tenant'),
    id             BIGINT GENERATED ALWAYS AS IDENTITY,
    repository_id  BIGINT NOT NULL,
    file_id        BIGINT NOT NULL,
    language       TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('function', 'method', 'class', 'interface', 'module', 'doc', 'window')),
    name           TEXT,
    symbol         TEXT,
    signature      TEXT,
    start_line     INTEGER NOT NULL CHECK (start_line >= 1),
    end_line       INTEGER NOT NULL CHECK (end_line >= start_line),
    content        TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    embedding_code VECTOR(${embedding_dimension}),
    embedding_text VECTOR(${embedding_dimension}),
    code_model     TEXT,
    text_model     TEXT,
    -- What searches filter on, as in every searched table (one filter tree, FilterSql): repository, path,
    -- language, kind, symbol.
    metadata       JSONB NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, file_id) REFERENCES code_files (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE code_chunks ALTER COLUMN embedding_code SET STORAGE PLAIN;
ALTER TABLE code_chunks ALTER COLUMN embedding_text SET STORAGE PLAIN;
CREATE INDEX IF NOT EXISTS code_chunks_file_idx ON code_chunks (tenant_id, file_id);
CREATE INDEX IF NOT EXISTS code_chunks_repository_idx ON code_chunks (tenant_id, repository_id);
CREATE INDEX IF NOT EXISTS code_chunks_symbol_idx ON code_chunks (tenant_id, repository_id, symbol);
CREATE INDEX IF NOT EXISTS code_chunks_name_idx ON code_chunks (tenant_id, repository_id, name);
CREATE INDEX IF NOT EXISTS code_chunks_metadata_idx ON code_chunks USING gin (metadata jsonb_path_ops);
CREATE INDEX IF NOT EXISTS code_chunks_code_hnsw_idx ON code_chunks
    USING hnsw (embedding_code vector_cosine_ops) WITH (m = 16, ef_construction = 64);
CREATE INDEX IF NOT EXISTS code_chunks_text_hnsw_idx ON code_chunks
    USING hnsw (embedding_text vector_cosine_ops) WITH (m = 16, ef_construction = 64);

CREATE TABLE IF NOT EXISTS code_edges (
    tenant_id     TEXT NOT NULL DEFAULT current_setting('mnemo.tenant'),
    repository_id BIGINT NOT NULL,
    source_chunk  BIGINT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('contains', 'calls', 'imports', 'extends', 'implements')),
    target_name   TEXT NOT NULL,
    target_chunk  BIGINT,
    FOREIGN KEY (tenant_id, source_chunk) REFERENCES code_chunks (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS code_edges_source_idx ON code_edges (tenant_id, source_chunk, kind);
CREATE INDEX IF NOT EXISTS code_edges_target_idx ON code_edges (tenant_id, target_chunk, kind);
CREATE INDEX IF NOT EXISTS code_edges_name_idx ON code_edges (tenant_id, repository_id, target_name);

GRANT SELECT, INSERT, UPDATE, DELETE ON code_repositories, code_files, code_chunks, code_edges TO mnemo_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO mnemo_app;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['code_repositories', 'code_files', 'code_chunks', 'code_edges'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT current_setting(''mnemo.tenant'', true)))'
                       ' WITH CHECK (tenant_id = (SELECT current_setting(''mnemo.tenant'', true)))', t);
    END LOOP;
END
$$;
