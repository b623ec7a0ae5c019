-- V6: tenants, API keys and row-level security (docs/security.md).
-- * Every table of user data gets tenant_id. Existing rows go to the tenant 'default' through a constant column
--   default, which PostgreSQL records in the catalog: no row is rewritten, none changes content (a MnemoLite
--   database becomes the default tenant).
-- * Keys are unique per tenant: ids are (tenant_id, id), so one tenant's id never collides with, nor reveals,
--   another's. Collection names are unique per tenant.
-- * Row-level security on every tenant table: a row is visible and writable only when its tenant_id equals the
--   transaction-local setting mnemo.tenant (read once per statement: the scalar subquery is an InitPlan, not a call
--   per row an HNSW walk visits). No setting: nothing. The service runs its statements as the role
--   mnemo_app (SET LOCAL ROLE at the start of each transaction), which does not bypass RLS; migrations run as the
--   connecting user, the tables' owner.
-- * A collection's records table is visible only when its collection is: its policy asks the (itself protected)
--   catalog, so it needs no tenant column.

CREATE TABLE IF NOT EXISTS tenants (
    id         TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO tenants (id) VALUES ('default') ON CONFLICT DO NOTHING;

-- Looked up before the tenant is known (authentication): not tenant-scoped; only the owner reads it.
CREATE TABLE IF NOT EXISTS api_keys (
    id          TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9]{12}$'),
    tenant_id   TEXT NOT NULL REFERENCES tenants (id),
    name        TEXT NOT NULL DEFAULT '',
    secret_hash BYTEA NOT NULL CHECK (length(secret_hash) = 32),
    scopes      TEXT[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'admin']),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);

ALTER TABLE events ADD COLUMN IF NOT EXISTS tenant_id TEXT NOT NULL DEFAULT 'default' REFERENCES tenants (id);
ALTER TABLE nodes ADD COLUMN IF NOT EXISTS tenant_id TEXT NOT NULL DEFAULT 'default' REFERENCES tenants (id);
ALTER TABLE edges ADD COLUMN IF NOT EXISTS tenant_id TEXT NOT NULL DEFAULT 'default' REFERENCES tenants (id);
ALTER TABLE collections ADD COLUMN IF NOT EXISTS tenant_id TEXT NOT NULL DEFAULT 'default' REFERENCES tenants (id);
-- From now on a row without an explicit tenant takes the transaction's (and fails without one).
ALTER TABLE events ALTER COLUMN tenant_id SET DEFAULT current_setting('mnemo.tenant');
ALTER TABLE nodes ALTER COLUMN tenant_id SET DEFAULT current_setting('mnemo.tenant');
ALTER TABLE edges ALTER COLUMN tenant_id SET DEFAULT current_setting('mnemo.tenant');
ALTER TABLE collections ALTER COLUMN tenant_id SET DEFAULT current_setting('mnemo.tenant');

ALTER TABLE events DROP CONSTRAINT IF EXISTS events_pkey;
ALTER TABLE events ADD PRIMARY KEY (tenant_id, id);
ALTER TABLE nodes DROP CONSTRAINT IF EXISTS nodes_pkey;
ALTER TABLE nodes ADD PRIMARY KEY (tenant_id, node_id);
ALTER TABLE edges DROP CONSTRAINT IF EXISTS edges_pkey;
ALTER TABLE edges ADD PRIMARY KEY (tenant_id, edge_id);
ALTER TABLE collections DROP CONSTRAINT IF EXISTS collections_name_key;
ALTER TABLE collections ADD CONSTRAINT collections_tenant_name_key UNIQUE (tenant_id, name);

CREATE INDEX IF NOT EXISTS events_tenant_timestamp_idx ON events (tenant_id, timestamp);

-- The role the service's statements run as. NOLOGIN: it is entered with SET ROLE by the connecting user, who is
-- made a member (creating a role needs CREATEROLE or a superuser: the project's cluster connects as postgres). A
-- superuser may SET ROLE to any role; anyone else is granted the membership (granting it again is harmless).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mnemo_app') THEN
        CREATE ROLE mnemo_app NOLOGIN NOBYPASSRLS;
    END IF;
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT mnemo_app TO %I', current_user);
    END IF;
END
$$;
-- The service creates a table per collection (as mnemo_app, which then owns it): it needs CREATE on the schema.
-- On PostgreSQL 15+ only the schema's owner may grant that; say so plainly instead of failing obscurely later.
DO $$
BEGIN
    GRANT USAGE, CREATE ON SCHEMA public TO mnemo_app;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'Mnemo needs CREATE on schema public for its role mnemo_app: connect as the schema''s owner'
        ' for this migration, or run GRANT USAGE, CREATE ON SCHEMA public TO mnemo_app as the owner first';
END
$$;
GRANT SELECT, INSERT, UPDATE, DELETE ON events, nodes, edges, collections TO mnemo_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO mnemo_app;

DO $$
DECLARE
    t text;
    c record;
BEGIN
    FOREACH t IN ARRAY ARRAY['events', 'nodes', 'edges', 'collections'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT current_setting(''mnemo.tenant'', true)))'
                       ' WITH CHECK (tenant_id = (SELECT current_setting(''mnemo.tenant'', true)))', t);
    END LOOP;
    FOR c IN SELECT id FROM collections ORDER BY id LOOP
        t := 'collection_records_' || c.id;
        CONTINUE WHEN to_regclass(t) IS NULL;
        EXECUTE format('ALTER TABLE %I OWNER TO mnemo_app', t);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (EXISTS (SELECT 1 FROM collections WHERE id = %s))',
                       t, c.id);
    END LOOP;
END
$$;
