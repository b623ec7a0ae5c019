package dev.mnemo.model.tenant;

import java.time.OffsetDateTime;
import java.util.Set;

/** An API key as listed: never its secret. {@code id} is the key's public prefix. */
public record ApiKeyInfo(String id, Tenant tenant, String name, Set<Scope> scopes, OffsetDateTime createdAt,
                         OffsetDateTime expiresAt, OffsetDateTime revokedAt) {

    public ApiKeyInfo {
        scopes = Set.copyOf(scopes);
    }

    /** Usable at {@code now}: not revoked, not expired. */
    public boolean activeAt(OffsetDateTime now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
