-- V8: per-tenant quotas (docs/security.md). A NULL limit means the service's default (mnemo.quotas.*); 0 means
-- nothing more may be added. Set by operators (admin shell `tenants quota`), never by a tenant's own keys.
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS max_rows BIGINT CHECK (max_rows >= 0);
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS max_collections BIGINT CHECK (max_collections >= 0);
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS max_storage_bytes BIGINT CHECK (max_storage_bytes >= 0);
