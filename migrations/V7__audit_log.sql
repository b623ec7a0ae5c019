-- V7: the audit log (docs/security.md): admin actions and deletions, who (key id, or the admin shell), which tenant,
-- what, when. Append-only for the service: its role may insert and read its tenant's entries, never change or
-- delete one. Row-level security as on every tenant table.
CREATE TABLE IF NOT EXISTS audit_log (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    tenant_id TEXT NOT NULL DEFAULT current_setting('mnemo.tenant') REFERENCES tenants (id),
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_log_tenant_at_idx ON audit_log (tenant_id, at DESC);

GRANT SELECT, INSERT ON audit_log TO mnemo_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM mnemo_app;

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON audit_log;
CREATE POLICY tenant_isolation ON audit_log USING (tenant_id = (SELECT current_setting('mnemo.tenant', true)))
    WITH CHECK (tenant_id = (SELECT current_setting('mnemo.tenant', true)));
