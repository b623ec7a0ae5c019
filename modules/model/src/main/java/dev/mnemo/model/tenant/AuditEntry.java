package dev.mnemo.model.tenant;

import java.time.OffsetDateTime;

/** One line of the audit log: when, whose data, who acted (a key id, or "admin-shell"), what, on what. */
public record AuditEntry(long id, OffsetDateTime at, Tenant tenant, String actor, String action, String target) {
}
