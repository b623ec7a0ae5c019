package dev.mnemo.store.keys;

import dev.mnemo.model.tenant.ApiKeyInfo;
import dev.mnemo.model.tenant.Scope;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.sql.Sql;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The api_keys table: read before any tenant is known (to authenticate a request), so it is not tenant-scoped and
 * stays with the connecting user (the service's role has no grant on it). Stores a SHA-256 hash of each token, never
 * the token.
 */
public class ApiKeyRepository {

    /** A key's row: what it is, and the hash of its token to compare against. */
    public record StoredKey(ApiKeyInfo info, byte[] secretHash) {
    }

    private static final String COLUMNS = "id, tenant_id, name, secret_hash, scopes, created_at, expires_at, revoked_at";

    private final DatabaseClient db;

    public ApiKeyRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<ApiKeyInfo> insert(String id, Tenant tenant, String name, byte[] secretHash, Set<Scope> scopes,
                                   OffsetDateTime expiresAt) {
        Sql sql = new Sql();
        sql.append("INSERT INTO api_keys (id, tenant_id, name, secret_hash, scopes, expires_at) VALUES ("
                + sql.bind(id) + ", " + sql.bind(tenant.id()) + ", " + sql.bind(name) + ", " + sql.bind(secretHash) + ", "
                + sql.bind(scopes.stream().map(Scope::wire).sorted().toArray(String[]::new)) + "::text[], "
                + sql.bindNullable(expiresAt, OffsetDateTime.class) + ") RETURNING " + COLUMNS);
        return sql.on(db).map(row -> read(row).info()).one();
    }

    public Mono<StoredKey> find(String id) {
        return db.sql("SELECT " + COLUMNS + " FROM api_keys WHERE id = $1").bind(0, id).map(this::read).one();
    }

    /** Every key of {@code tenant} (null: of every tenant), newest first. */
    public Flux<ApiKeyInfo> list(Tenant tenant) {
        Sql sql = new Sql();
        sql.append("SELECT " + COLUMNS + " FROM api_keys"
                + (tenant == null ? "" : " WHERE tenant_id = " + sql.bind(tenant.id())) + " ORDER BY created_at DESC, id");
        return sql.on(db).map(row -> read(row).info()).all();
    }

    /** Revokes the key of {@code tenant} (null: of any tenant); false when there is no such active key. */
    public Mono<Boolean> revoke(Tenant tenant, String id) {
        Sql sql = new Sql();
        sql.append("UPDATE api_keys SET revoked_at = now() WHERE id = " + sql.bind(id) + " AND revoked_at IS NULL"
                + (tenant == null ? "" : " AND tenant_id = " + sql.bind(tenant.id())));
        return sql.on(db).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Whether any key is usable now (with none, a deployment may run without keys on loopback). */
    public Mono<Boolean> anyActive() {
        return db.sql("SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL"
                        + " AND (expires_at IS NULL OR expires_at > now()))")
                .map(row -> Boolean.TRUE.equals(row.get(0, Boolean.class))).one();
    }

    private StoredKey read(Readable row) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream(row.get("scopes", String[].class)).map(Scope::parse).forEach(scopes::add);
        return new StoredKey(new ApiKeyInfo(row.get("id", String.class), new Tenant(row.get("tenant_id", String.class)),
                row.get("name", String.class), scopes, row.get("created_at", OffsetDateTime.class),
                row.get("expires_at", OffsetDateTime.class), row.get("revoked_at", OffsetDateTime.class)),
                row.get("secret_hash", byte[].class));
    }
}
