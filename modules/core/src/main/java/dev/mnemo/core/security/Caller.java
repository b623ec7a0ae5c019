package dev.mnemo.core.security;

import dev.mnemo.model.tenant.Scope;
import dev.mnemo.model.tenant.Tenant;
import java.util.Set;

/**
 * Who is calling: the tenant whose data every service call of the request touches, what it may do, and the key it
 * proved (null for a deployment without keys, where the caller is the default tenant on loopback).
 */
public record Caller(Tenant tenant, Set<Scope> scopes, String keyId) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** The caller of a deployment without keys (loopback only) or one opened explicitly (mnemo.security.mode=open). */
    public static Caller local() {
        return new Caller(Tenant.DEFAULT, Set.of(Scope.values()), null);
    }
}
