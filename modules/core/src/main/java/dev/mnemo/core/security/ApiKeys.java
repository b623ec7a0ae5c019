package dev.mnemo.core.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mnemo.core.audit.Audit;
import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.model.tenant.ApiKeyInfo;
import dev.mnemo.model.tenant.Scope;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.keys.ApiKeyRepository;
import dev.mnemo.store.tenant.TenantRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * API keys: {@code mnemo_<id>_<secret>}, 12 characters of public id (the lookup key, shown in lists) and 256 random
 * bits of secret. Only a SHA-256 hash of the whole token is stored, compared in constant time; the token is shown
 * once, at creation. (A slow password hash buys nothing here: 256 random bits cannot be guessed, and a fast hash
 * keeps authentication off the CPU budget of every request.)
 */
public class ApiKeys {

    /** The answer to a create: the token (shown this once) and the key as listed. */
    public record NewKey(String token, ApiKeyInfo key) {
    }

    private static final Pattern TOKEN = Pattern.compile("mnemo_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final Duration ACTIVE_CHECK = Duration.ofSeconds(5);

    private final ApiKeyRepository keys;
    private final TenantRepository tenants;
    private final Audit audit;
    private final SecureRandom random = new SecureRandom();
    /** Whether any key is active, re-read every few seconds (asked on every request of a deployment in auto mode). */
    private final Cache<Boolean, Boolean> anyActive = Caffeine.newBuilder().expireAfterWrite(ACTIVE_CHECK).build();
    /**
     * Keys that checked out, by key id, kept {@link #ACTIVE_CHECK}: a database read per request was the key check's
     * whole cost. A revocation here drops the entry at once; one made elsewhere (the admin shell, another replica)
     * takes effect within that time. Expiry is checked on every use.
     */
    private final Cache<String, ApiKeyRepository.StoredKey> known = Caffeine.newBuilder()
            .expireAfterWrite(ACTIVE_CHECK).maximumSize(100_000).build();

    public ApiKeys(ApiKeyRepository keys, TenantRepository tenants, Audit audit) {
        this.keys = keys;
        this.tenants = tenants;
        this.audit = audit;
    }

    /**
     * A new key of {@code tenant} (created when new); {@code expiresAt} null: it does not expire. {@code actor} (a key
     * id, or {@link Audit#SHELL}) is recorded in the audit log.
     */
    public Mono<NewKey> create(String actor, Tenant tenant, String name, Set<Scope> scopes, OffsetDateTime expiresAt) {
        if (scopes.isEmpty()) {
            return Mono.error(ServiceException.invalid("scopes", "min 1", "A key has at least one scope: read, write, admin"));
        }
        if (expiresAt != null && !expiresAt.isAfter(OffsetDateTime.now())) {
            return Mono.error(ServiceException.invalid("expires_at", "future", "A key's expiry is in the future"));
        }
        String id = randomId();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = "mnemo_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return DatabaseRetry.mono(tenants.create(tenant)
                        .then(keys.insert(id, tenant, name == null ? "" : name, sha256(token), scopes, expiresAt)),
                        "creating a key")
                .doOnSuccess(k -> anyActive.invalidateAll())
                .flatMap(k -> audit.record(tenant, actor, "key.create", k.id()).thenReturn(new NewKey(token, k)));
    }

    /** The caller a token proves, or empty for a malformed, unknown, revoked or expired one. */
    public Mono<Caller> authenticate(String token) {
        Matcher m = token == null ? null : TOKEN.matcher(token.strip());
        if (m == null || !m.matches()) {
            return Mono.empty();
        }
        byte[] presented = sha256(token.strip());
        String id = m.group(1);
        ApiKeyRepository.StoredKey cached = known.getIfPresent(id);
        Mono<ApiKeyRepository.StoredKey> stored = cached != null ? Mono.just(cached)
                : DatabaseRetry.mono(keys.find(id), "checking a key").doOnNext(k -> known.put(id, k));
        return stored
                .filter(k -> MessageDigest.isEqual(k.secretHash(), presented))
                .filter(k -> k.info().activeAt(OffsetDateTime.now()))
                .map(k -> new Caller(k.info().tenant(), k.info().scopes(), k.info().id()));
    }

    /** Keys of {@code tenant}; null: of every tenant (the admin shell). */
    public Flux<ApiKeyInfo> list(Tenant tenant) {
        return DatabaseRetry.flux(keys.list(tenant), "listing keys");
    }

    /**
     * Revokes a key of {@code tenant} (null: of any tenant, the admin shell); NOT_FOUND when there is no such active
     * key. Recorded in the audit log of the key's tenant.
     */
    public Mono<Void> revoke(String actor, Tenant tenant, String id) {
        return DatabaseRetry.mono(keys.find(id), "revoking a key")
                .filter(k -> tenant == null || k.info().tenant().equals(tenant))
                .flatMap(k -> DatabaseRetry.mono(keys.revoke(k.info().tenant(), id), "revoking a key")
                        .filter(Boolean::booleanValue)
                        .flatMap(done -> audit.record(k.info().tenant(), actor, "key.revoke", id).thenReturn(true)))
                .doOnSuccess(done -> {
                    anyActive.invalidateAll();
                    known.invalidate(id);
                })
                .switchIfEmpty(Mono.error(() -> ServiceException.notFound("active key", id)))
                .then();
    }

    /** Whether any key is active now (cached a few seconds). */
    public Mono<Boolean> anyActive() {
        Boolean known = anyActive.getIfPresent(Boolean.TRUE);
        if (known != null) {
            return Mono.just(known);
        }
        return DatabaseRetry.mono(keys.anyActive(), "checking for keys").doOnNext(v -> anyActive.put(Boolean.TRUE, v));
    }

    private String randomId() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return new String(id);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
